// Passkeys (WebAuthn): « Ajouter une clé d'accès » and « Se connecter avec une clé d'accès ».
// A button carries the server's two addresses (data-begin-url, data-complete-url), the CSRF token
// (empty on a public page: portal.js fetches it) and where its messages go (data-status-id); the server
// (django-otp-webauthn) sends and reads the ceremony as JSON with base64url binary fields.
(function () {
  "use strict";

  var MESSAGES = {
    unsupported: "Votre navigateur ne permet pas d'utiliser une clé d'accès. Utilisez votre mot de passe.",
    working: "Suivez les indications de votre appareil…",
    cancelled: "Opération annulée. Vous pouvez réessayer.",
    already: "Cette clé d'accès est déjà enregistrée sur votre compte.",
    failed: "La clé d'accès n'a pas pu être vérifiée. Réessayez ou utilisez votre mot de passe.",
    refused: "Ce compte ne peut pas se connecter avec une clé d'accès. Utilisez votre mot de passe ou contactez votre agence.",
    registered: "Votre clé d'accès est enregistrée.",
    signedIn: "Connexion réussie, un instant…"
  };

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var padded = base64 + "===".slice((base64.length + 3) % 4);
    var binary = window.atob(padded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBytes(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function post(url, csrfToken, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.detail || "server");
          error.code = data.code || "server";
          throw error;
        }
        return data;
      });
    });
  }

  function serialize(credential) {
    var response = credential.response;
    var data = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      data.response.attestationObject = toBase64url(response.attestationObject);
      data.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      data.response.authenticatorData = toBase64url(response.authenticatorData);
      data.response.signature = toBase64url(response.signature);
      data.response.userHandle = toBase64url(response.userHandle);
    }
    return data;
  }

  function register(options) {
    options.challenge = toBytes(options.challenge);
    options.user = Object.assign({}, options.user, { id: toBytes(options.user.id) });
    options.excludeCredentials = withBytes(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options });
  }

  function authenticate(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = withBytes(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options });
  }

  function explain(error) {
    if (error.name === "NotAllowedError" || error.name === "AbortError") { return MESSAGES.cancelled; }
    if (error.name === "InvalidStateError") { return MESSAGES.already; }
    if (error.code === "account_unusable" || error.code === "user_disabled") { return MESSAGES.refused; }
    return MESSAGES.failed;
  }

  function setUp(button) {
    var status = document.getElementById(button.dataset.statusId);
    var isRegistration = button.hasAttribute("data-passkey-register");

    function say(text) { if (status) { status.textContent = text; } }

    if (!window.PublicKeyCredential || !navigator.credentials) {
      button.disabled = true;
      say(MESSAGES.unsupported);
      return;
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      say(MESSAGES.working);
      var completeUrl = button.dataset.completeUrl;
      if (button.dataset.next) { completeUrl += "?next=" + encodeURIComponent(button.dataset.next); }
      var csrfToken = button.dataset.csrfToken;
      var tokenReady = csrfToken || !window.portailCsrfToken ? Promise.resolve(csrfToken) : window.portailCsrfToken();
      tokenReady
        .then(function (token) {
          csrfToken = token;
          return post(button.dataset.beginUrl, csrfToken);
        })
        .then(isRegistration ? register : authenticate)
        .then(function (credential) { return post(completeUrl, csrfToken, serialize(credential)); })
        .then(function (result) {
          if (isRegistration) {
            say(MESSAGES.registered);
            window.location.assign(button.dataset.successUrl || window.location.href);
          } else {
            say(MESSAGES.signedIn);
            window.location.assign(result.redirect_url || "/");
          }
        })
        .catch(function (error) {
          button.disabled = false;
          say(explain(error));
        });
    });
  }

  document.querySelectorAll("[data-passkey-register], [data-passkey-login]").forEach(setUp);
})();
