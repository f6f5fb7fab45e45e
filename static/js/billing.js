// « Paiement en cours de confirmation »: reload the page until the payment is settled.
// Without JavaScript the page offers an « Actualiser » link instead.
(function () {
  "use strict";
  var waiting = document.querySelector("[data-auto-refresh]");
  if (waiting) {
    var seconds = parseInt(waiting.dataset.autoRefresh, 10) || 5;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
