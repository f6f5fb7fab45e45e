// « Détail de ma demande » on a phone: a swipe left opens the next request, a swipe right the
// previous one, as the FAQ describes. The « Demande précédente / suivante » links do the same for
// keyboard and screen-reader users; without this file they still work.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 767.98px)");
  var start = null;
  function link(direction) {
    return document.querySelector('a[data-swipe="' + direction + '"]');
  }
  document.addEventListener("touchstart", function (event) {
    start = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
  }, { passive: true });
  document.addEventListener("touchend", function (event) {
    if (!start || !phone.matches) {
      return;
    }
    var touch = event.changedTouches[0];
    var dx = touch.clientX - start.x;
    var dy = touch.clientY - start.y;
    start = null;
    // A clear sideways move only: scrolling the page up or down never changes request.
    if (Math.abs(dx) < 80 || Math.abs(dx) < 2 * Math.abs(dy)) {
      return;
    }
    if (event.target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    var target = link(dx < 0 ? "next" : "previous");
    if (target) {
      window.location.assign(target.href);
    }
  });
})();
