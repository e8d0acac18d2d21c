// The search page: Down from its field goes to the first result, Down and Up move from result to result, Up from
// the first result goes back to the field. Enter opens the focused link (the browser does that); Tab works as ever.
(function () {
  const field = document.getElementById("search-page-q");
  if (!field) return;

  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const links = [...document.querySelectorAll("#search-results [data-search-result]")];
    const here = links.indexOf(document.activeElement);
    let next = null;
    if (document.activeElement === field) next = event.key === "ArrowDown" ? links[0] : null;
    else if (here !== -1) next = event.key === "ArrowDown" ? links[here + 1] : links[here - 1] || field;
    if (!next) return;
    event.preventDefault();
    next.focus();
  });
})();
