"""Figures: the general rules added after the real-prose round 2 and the items left undone
by round 8, each checked on a sentence of its own (exact measure and value, found or not
found)."""

from __future__ import annotations

import pytest

from figures import extract_figures


def _found(text: str, title: str | None = None, **kw: object) -> set[tuple[str | None, float]]:
    return {(f.measure, f.value) for f in extract_figures(text, title, **kw)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ", along with N people": the event of the clause before
        ("Officials said 1,200 firefighters had been sent to the valley, along with 450 "
         "soldiers.", ("deployed", 450)),
        ("The sailor was quarantined on arrival, along with 31 people he had met.",
         ("quarantined", 31)),
        # "search and rescue": two modifiers joined by "and" before the counted noun
        ("He said 1,700 search and rescue personnel had been sent to the coast.",
         ("deployed", 1700)),
        # a swap's other side
        ("Three aid workers were freed on Friday in a prisoner swap for five militants.",
         ("released", 5)),
        # pinned inside: trapped
        ("Police surrounded the college overnight, pinning 600 students inside.",
         ("trapped", 600)),
        ("About 70 miners were pinned underground after the shaft flooded.", ("trapped", 70)),
        # power shut off to N people, and power back for all but N of them
        ("The utility started shutting off power Thursday to some 210,000 people.",
         ("without power", 210000)),
        ("Electricity had been restored to all but 650 of the 9,100 homes that lost it.",
         ("without power", 650)),
        # a seismic agency's reading
        ("The earthquake struck before dawn. The national institute measured it at 6.3.",
         ("magnitude", 6.3)),
        ("The quake rattled the capital; the survey put its magnitude at 5.8.",
         ("magnitude", 5.8)),
        # buildings that came down
        ("Rescuers said 27 apartment blocks came down in the old town.",
         ("structures destroyed", 27)),
        # a part of the damaged set that has to be demolished is destroyed
        ("The ministry says 3,200 houses were damaged, 640 of them so badly that they must be "
         "demolished.", ("structures destroyed", 640)),
        ("Some 800 homes were damaged, 95 of them destroyed.", ("structures destroyed", 95)),
        # an estimate of a loss with a modal
        ("Insured losses from the storm could reach $820 million, an analytics firm said.",
         ("money:usd", 820_000_000)),
        # lawsuits are counted
        ("The company now faces at least 9 proposed class-action lawsuits.", ("lawsuit", 9)),
        ("Four class action lawsuits have been filed against the clinic.", ("lawsuit", 4)),
        # naira
        ("The lawmakers asked the court to award them N300m in damages.",
         ("money:ngn", 300_000_000)),
        ("The agency was fined 250 million naira by the regulator.",
         ("money:ngn", 250_000_000)),
        # confirmed diagnoses in an outbreak
        ("Officials confirmed a measles outbreak. With four confirmed diagnoses, schools closed.",
         ("case", 4)),
        # a dashed aside between the counted noun and its verb
        ("Three journalists — two Britons and a Canadian — who had been held since 2021 were "
         "released on Monday.", ("released", 3)),
        ("Two sailors - a cook and an engineer - were rescued from the raft.", ("rescued", 2)),
    ],
)
def test_found(text: str, expected: tuple[str, float]) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # the swap's other side is no count of militants
        ("Three aid workers were freed on Friday in a prisoner swap for five militants.",
         ("militant", 5)),
        # "along with" takes the clause's event, not the bare noun
        ("Officials said 1,200 firefighters had been sent to the valley, along with 450 "
         "soldiers.", ("soldier", 450)),
        # a part that differs only by degree stays out
        ("Officials said 240 people were injured, 51 of them seriously.", ("wounded", 51)),
        # a possible penalty is no loss
        ("He could face a $250,000 fine if convicted.", ("money:usd", 250_000)),
        ("The firm could reach $900 million in sales next year.", ("money:usd", 900_000_000)),
        # "measured it at" without a quake is nothing
        ("The company measured it at 7.0 on its own scale.", ("magnitude", 7.0)),
        # "N95" masks are no money
        ("Nurses handed out 20,000 N95 masks.", ("money:ngn", 95)),
        # an earlier century's toll carries to the next sentence, with no time of its own
        ("The disease is back. In the 14th century the Black Death swept Europe.\n\n"
         "More than 50 million people may have died.", ("killed", 50_000_000)),
        ("In the 14th century the Black Death swept Europe. Today 12 people have died of the "
         "disease.", ("killed", 50_000_000)),
        # a power restoration's total stays out
        ("Electricity had been restored to all but 650 of the 9,100 homes that lost it.",
         ("without power", 9100)),
    ],
)
def test_not_found(text: str, unwanted: tuple[str, float]) -> None:
    assert unwanted not in _found(text)


def test_century_does_not_hide_todays_deaths() -> None:
    text = ("In the 14th century the Black Death swept Europe. Today 12 people have died of the "
            "disease.")
    assert ("killed", 12) in _found(text)
