// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // The public pages are the same for every visitor (kept by the cache and by nginx): their forms
  // carry no CSRF token. The visitor's own is fetched once, put in every form (and on the passkey
  // button), and a form sent before it arrived waits for it. Without this script the server gives
  // the form back with a token (config/errors.py).
  var EMPTY = 'input[name="csrfmiddlewaretoken"][value=""], [data-csrf-token=""]';
  var pending = null;

  function csrfFill(token) {
    document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
      if (!input.value) { input.value = token; }
    });
    document.querySelectorAll("[data-csrf-token]").forEach(function (element) {
      if (!element.dataset.csrfToken) { element.dataset.csrfToken = token; }
    });
  }

  function csrfToken() {
    if (!pending) {
      pending = fetch(document.body.dataset.csrfUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("jeton CSRF : " + response.status); }
          return response.json();
        })
        .then(function (data) {
          csrfFill(data.token);
          return data.token;
        });
      pending.catch(function () { pending = null; });
    }
    return pending;
  }
  window.portailCsrfToken = csrfToken;
  if (document.body.dataset.csrfUrl && document.querySelector(EMPTY)) { csrfToken().catch(function () {}); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (token && !token.value && form.dataset.csrfAsked !== "1") {
      // Sent once the token is in; if it cannot be had, sent as it is (the server asks again).
      event.preventDefault();
      form.dataset.csrfAsked = "1";
      var submitter = event.submitter;
      csrfToken().catch(function () {}).then(function () {
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
      });
      return;
    }
    // A form is sent once: a second click while the first submission travels does nothing.
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 5000);
  });
})();
