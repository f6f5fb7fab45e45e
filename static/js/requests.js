// « Une nouvelle demande »: show the tenant-responsibility notice as soon as such a category is chosen.
// Without JS the server shows the same notice after a first « Sauvegarder ».
(function () {
  "use strict";
  var select = document.getElementById("id_category");
  var box = document.getElementById("tenant-notice");
  var text = document.getElementById("tenant-notice-text");
  if (!select || !box || !text) {
    return;
  }
  function update() {
    var template = document.querySelector('template[data-category-notice="' + select.value + '"]');
    if (template) {
      text.textContent = template.content.textContent;
      box.hidden = false;
    } else {
      box.hidden = true;
    }
  }
  select.addEventListener("change", update);
})();
