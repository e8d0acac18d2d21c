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

  // Preselect the browser's own time zone on a fresh sign-up form; the user can still change it.
  const zoneSelect = document.querySelector("select[data-guess-timezone]");
  if (zoneSelect && zoneSelect.value === "UTC") {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && [...zoneSelect.options].some((o) => o.value === zone)) zoneSelect.value = zone;
  }
})();
