"""Figures: the general rules added after blind round 8 (state-media war bulletins, a live
blog and an explainer, full wire copy, an 8-K / attorney-general / tech-press breach) and the
real-prose bench, each checked on a sentence of its own (exact measure and value, found or
not found)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an outbreak's contacts kept apart
        ("Officials said 35 people who had shared a train carriage with the patient were "
         "quarantined.", ("quarantined", 35)),
        ("All 52 crew members were put under medical quarantine on arrival.",
         ("quarantined", 52)),
        # "U.S." is no stop between a number and its noun; troops staying somewhere are posted
        ("About 450 U.S. troops remain in the province.", ("deployed", 450)),
        ("Some 90 U.S. military personnel are thought to remain at the airfield.",
         ("deployed", 90)),
        # infinitives right after the counted noun
        ("The flames raced downhill, forcing some 8,000 people to flee.", ("displaced", 8000)),
        ("Calmer winds are allowing about 6,500 evacuated residents to return home.",
         ("returned", 6500)),
        # a list whose verb comes after its last item
        ("Since the war began, 640 aircraft, 48,000 unmanned aerial vehicles and 19,000 tanks "
         "and other armoured vehicles have been destroyed, the ministry said.",
         ("aircraft", 640)),
        ("Since the war began, 640 aircraft, 48,000 unmanned aerial vehicles and 19,000 tanks "
         "and other armoured vehicles have been destroyed, the ministry said.",
         ("drone", 48000)),
        # a list after "lost" goes on through an "including" aside
        ("The enemy lost up to 180 servicemen, nine armoured vehicles, including three tanks, "
         "and six artillery guns.", ("artillery gun", 6)),
        ("The enemy lost up to 180 servicemen, nine armoured vehicles, including three tanks, "
         "and six artillery guns.", ("tank", 3)),
        # a period between a loss noun and its amount
        ("It said enemy losses over the past 24 hours amounted to 420 servicemen.",
         ("casualties", 420)),
        # a swap's other half, people moved out of harm's way, captivity with an adjective
        ("In return, 90 prisoners of war were handed over.", ("released", 90)),
        ("Some 700 residents of the border villages have been moved to temporary "
         "accommodation centres.", ("evacuated", 700)),
        ("The ombudsman said more than 3,000 Solvenians remained in Torvish captivity.",
         ("captured", 3000)),
        # one person killed, in the wording of crime news
        ("A spokesman says a man has been stabbed to death outside a nightclub.",
         ("killed", 1)),
        ("A woman was shot dead at a bus stop on Friday night.", ("killed", 1)),
        # an ordinal death or case is the running count
        ("County officials are reporting a 4th fatality linked to the measles outbreak.",
         ("killed", 4)),
        # a filing's data sentence: the data nouns before a list, then "relating to N people"
        ("The intruder copied files containing personal information, including names, dates "
         "of birth and bank details, relating to approximately 910,000 members.",
         ("affected", 910_000)),
        # damage in money
        ("Engineers estimate the flood caused $640 million in damage.",
         ("money:usd", 640_000_000)),
    ],
)  # fmt: skip
def testfound_figures(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text, published=dt.date(2026, 5, 1))


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # isolation by a flood is no quarantine
        ("The village of 300 people was isolated by the floods.", "quarantined"),
        # present at an event, not posted there
        ("About 300 soldiers were at the parade.", "deployed"),
        # an attempt to flee is no count of the displaced
        ("About 500 people tried to flee but were stopped at the border.", "displaced"),
        # "fire" in "fire engines" is no weapons verb
        ("More than 900 firefighters, backed by 12 helicopters and 70 fire engines, fought "
         "the blaze.", "helicopter"),
        # "where" ends the counted noun phrase
        ("Artillery struck 143 areas where enemy troops and equipment were concentrated.",
         "troop"),
        # a list of holdings has no verb of use
        ("The army has 300 tanks, 40 helicopters and 12 drones.", "tank"),
        # a closed period before the story's year, an earlier century
        ("Nationwide there were 31 cases and 9 deaths between 2012 and 2023, the ministry "
         "said.", "case"),
        ("Nationwide there were 31 cases and 9 deaths between 2012 and 2023, the ministry "
         "said.", "killed"),
        ("The famine of the 19th century killed about a million people.", "killed"),
        # an ordinal place is no count
        ("Supporters gathered on the 4th death anniversary of the singer.", "killed"),
        # damage near a price is no loss
        ("The storm did little damage to the $40 million stadium.", "money:usd"),
        ("Our reports relating to 300 employees were published on Monday.", "affected"),
    ],
)  # fmt: skip
def test_notfound_figures(text: str, unexpected: str) -> None:
    assert unexpected not in {m for m, _ in found_figures(text, published=dt.date(2026, 5, 1))}


def test_title_case_line_in_a_body_is_another_story() -> None:
    # a related-story link between paragraphs: not this article's figure
    text = (
        "Officers carried the boy to safety.\n\n"
        "5 Hurt After Bus Overturns on Interstate 40\n\n"
        "The suspect was arrested at the scene."
    )
    assert ("wounded", 5) not in found_figures(text, published=dt.date(2026, 5, 1))
    # a sentence-case heading of a live blog is the story's own
    blog = "Rescuers are still at work.\n\nDeath toll rises to 41\n\nThe agency updated its figures."
    assert ("killed", 41) in found_figures(blog, published=dt.date(2026, 5, 1))
