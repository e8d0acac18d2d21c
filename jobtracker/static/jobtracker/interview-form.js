// Name the stage the chosen kind of interview would move the application to; hide the box when none matches.
(function () {
  const box = document.getElementById("id_move_stage");
  const kind = document.getElementById("id_kind");
  if (!box || !kind) return;
  const stages = JSON.parse(box.dataset.stages);
  const wrapper = box.closest(".mb-3") || box.parentElement;
  const label = document.querySelector('label[for="id_move_stage"]');
  let chosenByHand = false;
  box.addEventListener("change", function () { chosenByHand = true; });
  function update() {
    const stage = stages[kind.value];
    wrapper.hidden = !stage;
    if (!stage) box.checked = false;
    else {
      if (!chosenByHand) box.checked = true;  // ticked by default whenever a stage matches, unless the user chose
      if (label) label.textContent = "Also move the application to " + stage;
    }
  }
  kind.addEventListener("change", update);
  update();
})();
