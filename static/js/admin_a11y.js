// Wagtail admin accessibility fixes (axe-core finds these in Wagtail's own markup).
// Rich text editors (Draftail) of plain fields get no accessible name, which screen
// readers need and axe-core reports. Name each one after the label of its field.
(function () {
  "use strict";

  function nameEditors(root) {
    root.querySelectorAll(".public-DraftEditor-content[role='textbox']").forEach(function (editor) {
      if (editor.getAttribute("aria-label") || editor.getAttribute("aria-labelledby")) {
        return;
      }
      // The field's own label, or the heading of the panel when the field is alone in it.
      var wrapper = editor.closest("[data-field-wrapper]");
      var panel = editor.closest("section.w-panel");
      var label = (wrapper && wrapper.querySelector("label[id]")) || (panel && panel.querySelector("[id$='-heading']"));
      if (label) {
        editor.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  // The side minimap scrolls, but its links leave the tab order when it is collapsed: keyboard
  // users could not scroll it. Make the list itself reachable.
  function focusableMinimap(root) {
    root.querySelectorAll(".w-minimap__list:not([tabindex])").forEach(function (list) {
      list.setAttribute("tabindex", "0");
      list.setAttribute("aria-label", "Sommaire du formulaire");
    });
  }

  function fix() {
    nameEditors(document);
    focusableMinimap(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
})();
