// newsmon review: keyboard shortcuts and small conveniences. Loaded as a file (the CSP forbids
// inline script). j/k move through the queue, o/Enter open, c/d confirm/dismiss, / searches.
(function () {
  "use strict";

  function typing(event) {
    var target = event.target;
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function submitForm(form) {
    if (!form) { return; }
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  function clickButton(id) {
    var button = document.getElementById(id);
    if (button) { button.click(); return true; }
    return false;
  }

  // --- the queue ---
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tr.row"));
  var selected = -1;

  function select(index) {
    if (!rows.length) { return; }
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (selected >= 0 && rows[selected]) { rows[selected].classList.remove("selected"); }
    selected = index;
    rows[selected].classList.add("selected");
    rows[selected].scrollIntoView({ block: "nearest" });
    try { sessionStorage.setItem("newsmon.queue.selected", String(rows[selected].dataset.id)); } catch (e) { /* private mode */ }
  }

  function restoreSelection() {
    if (!rows.length) { return; }
    var remembered = null;
    try { remembered = sessionStorage.getItem("newsmon.queue.selected"); } catch (e) { /* ignore */ }
    var index = 0;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].dataset.id === remembered) { index = i; break; }
    }
    select(index);
  }

  function decideSelected(action) {
    if (selected < 0 || !rows[selected]) { return; }
    submitForm(rows[selected].querySelector("form.decide." + action));
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a, button, form")) { return; }
      select(index);
      window.location.href = row.dataset.href;
    });
  });

  document.querySelectorAll("select.autosubmit").forEach(function (element) {
    element.addEventListener("change", function () { submitForm(element.form); });
  });

  var page = document.body.dataset.page;
  if (page === "queue") { restoreSelection(); }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var key = event.key;
    if (key === "/") {
      var search = document.querySelector(".topbar .search input");
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    if (page === "queue") {
      if (key === "j") { select(selected + 1); }
      else if (key === "k") { select(selected - 1); }
      else if ((key === "o" || key === "Enter") && selected >= 0) { window.location.href = rows[selected].dataset.href; }
      else if (key === "c") { decideSelected("confirm"); }
      else if (key === "d") { decideSelected("dismiss"); }
      else { return; }
      event.preventDefault();
    } else if (page === "flag") {
      var handled = true;
      if (key === "c") { handled = clickButton("confirm"); }
      else if (key === "d") { handled = clickButton("dismiss"); }
      else if (key === "r") { handled = clickButton("reopen"); }
      else if (key === "j") { var next = document.getElementById("next-open"); if (next) { window.location.href = next.href; } }
      else if (key === "k") { var prev = document.getElementById("prev-open"); if (prev) { window.location.href = prev.href; } }
      else if (key === "u") { window.location.href = "/flags"; }
      else { handled = false; }
      if (handled) { event.preventDefault(); }
    }
  });
})();
