// The applications board (templates/front/board.html), with SortableJS 1.15.7 (static/vendor/sortablejs, MIT).
// Dropping a card in another column posts the move like the card's own "Move to…" form does; either way the
// server answers the re-rendered board, or the board unchanged with a message when nothing moved (4xx), and
// focus goes back to the moved card. When no answer can be shown, a dragged card is put back where it was.
(function () {
  const REFUSALS = [400, 404, 409]; // nothing moved; the answer is the board as it is, with the reason
  const messages = document.getElementById("board-messages");
  let pending = null; // the card being moved: its id and, when dragged, where it came from

  function cardOf(element) {
    return element && element.closest ? element.closest("[data-application]") : null;
  }

  function say(text) {
    const alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.textContent = text;
    messages.replaceChildren(alert);
  }

  function putBack() {
    if (pending && pending.from) pending.from.insertBefore(pending.item, pending.from.children[pending.oldIndex] || null);
  }

  function postDrop(event) {
    if (event.to === event.from) return;
    const form = event.item.querySelector("form.board-move");
    pending = { id: event.item.dataset.application, item: event.item, from: event.from, oldIndex: event.oldIndex };
    htmx.ajax("POST", form.getAttribute("hx-post"), {
      source: form,
      target: "#board",
      swap: "outerHTML",
      values: { to_stage: event.to.dataset.stage },
    });
  }

  function makeSortable(root) {
    root.querySelectorAll(".board-list").forEach(function (list) {
      Sortable.create(list, {
        group: list.dataset.track, // a card never crosses from one track to the other
        sort: false, // a column keeps the server's order (soonest deadline first)
        draggable: ".board-card",
        filter: ".board-move", // the "Move to…" menu and its button stay usable
        preventOnFilter: false,
        delay: 200,
        delayOnTouchOnly: true, // on a phone a swipe scrolls the board and a long press drags
        ghostClass: "opacity-50",
        onEnd: postDrop,
      });
    });
  }

  htmx.onLoad(makeSortable);

  // Enter in a card's "Move to…" menu moves the card, as it would submit a text field's form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches(".board-move select")) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    const card = cardOf(event.detail.elt);
    if (card && !pending) pending = { id: card.dataset.application };
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail;
    if (!cardOf(detail.requestConfig.elt)) return;
    const asked = new URL(detail.requestConfig.path, window.location.href).pathname;
    if (detail.xhr.responseURL && new URL(detail.xhr.responseURL).pathname !== asked) {
      // Redirected elsewhere (the session ended, say): go there rather than draw that page inside the board.
      detail.shouldSwap = false;
      window.location.assign(detail.xhr.responseURL);
    } else if (REFUSALS.includes(detail.xhr.status)) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    const link = document.querySelector("#card-" + pending.id + " .board-card-link");
    pending = null;
    if (link) link.focus();
  });

  function failed(text) {
    return function (event) {
      if (!cardOf(event.detail.elt)) return;
      putBack();
      pending = null;
      say(text);
    };
  }
  document.addEventListener("htmx:responseError", failed("The move could not be saved; nothing changed. Reload the page and try again."));
  document.addEventListener("htmx:sendError", failed("The server could not be reached; nothing moved. Check the connection and try again."));
})();
