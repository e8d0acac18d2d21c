// Small behaviours shared by every page; no inline scripts anywhere, so a strict content policy holds.
(function () {
  // A select marked data-autosubmit submits its form when changed (the season pickers).
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });

  // A button marked data-print prints the page (the itinerary, a shared report).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // A button marked data-copy="#field" copies that field's value (a new share link) and says so.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy]");
    const field = button && document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    const done = () => { button.textContent = "Copied"; };
    if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy") && done());
    else if (document.execCommand("copy")) done();
  });

  // "/" anywhere goes to the navigation's search field (unless one is typing in a field, or holding Ctrl, Alt or
  // Meta; Shift is allowed, since some keyboards need it for "/"); Escape there leaves it.
  const navSearch = document.getElementById("nav-search");
  const typingIn = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || element.matches("input, textarea, select, [role=textbox], [role=combobox]"));
  document.addEventListener("keydown", function (event) {
    if (!navSearch || event.defaultPrevented || event.isComposing) return;
    if (event.key === "Escape" && document.activeElement === navSearch) {
      navSearch.blur();
      return;
    }
    if (event.key !== "/" || event.ctrlKey || event.altKey || event.metaKey) return;
    if (typingIn(event.target) || typingIn(document.activeElement)) return;
    if (navSearch.getClientRects().length === 0) return; // the menu is folded away (a phone): leave "/" alone
    event.preventDefault(); // or the "/" would be typed into the field
    navSearch.focus();
    navSearch.select();
  });

  // Preselect the browser's own time zone on a fresh sign-up form; the user can still change it.
  const zoneSelect = document.querySelector("select[data-guess-timezone]");
  if (zoneSelect && zoneSelect.value === "UTC") {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && [...zoneSelect.options].some((o) => o.value === zone)) zoneSelect.value = zone;
  }
})();
