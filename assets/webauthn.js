/* Passkeys in this browser: turns the server's JSON options into WebAuthn calls and the answers back into JSON.
 * Each call resolves to the credential as a JSON string, or "" when the person cancelled or the browser refused. */
(function () {
  "use strict";

  function toBytes(b64url) {
    const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64url.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  }

  function toB64url(buffer) {
    let text = "";
    new Uint8Array(buffer).forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map((d) => Object.assign({}, d, {id: toBytes(d.id)}));
  }

  function creationOptions(o) {
    return Object.assign({}, o, {
      challenge: toBytes(o.challenge),
      user: Object.assign({}, o.user, {id: toBytes(o.user.id)}),
      excludeCredentials: descriptors(o.excludeCredentials),
    });
  }

  function requestOptions(o) {
    return Object.assign({}, o, {challenge: toBytes(o.challenge), allowCredentials: descriptors(o.allowCredentials)});
  }

  function asJson(cred) {
    if (typeof cred.toJSON === "function") return cred.toJSON();
    const r = cred.response, out = {id: cred.id, rawId: toB64url(cred.rawId), type: cred.type, response: {}};
    out.response.clientDataJSON = toB64url(r.clientDataJSON);
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      if (r.userHandle) out.response.userHandle = toB64url(r.userHandle);
    }
    out.clientExtensionResults = cred.getClientExtensionResults ? cred.getClientExtensionResults() : {};
    out.authenticatorAttachment = cred.authenticatorAttachment || null;
    return out;
  }

  async function run(call) {
    if (!window.PublicKeyCredential || !navigator.credentials) return "";
    try {
      const cred = await call();
      return cred ? JSON.stringify(asJson(cred)) : "";
    } catch (e) {
      return "";  // cancelled, timed out, or no matching passkey: the page says so in its own words
    }
  }

  window.pocWebauthn = {
    supported: () => !!window.PublicKeyCredential,
    create: (options) => run(() => navigator.credentials.create({publicKey: creationOptions(JSON.parse(options))})),
    get: (options) => run(() => navigator.credentials.get({publicKey: requestOptions(JSON.parse(options))})),
  };
})();
