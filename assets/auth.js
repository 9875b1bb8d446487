/* The sign-in of this browser. The refresh token lives in an HttpOnly cookie that no script can read;
 * this file trades the UI's one-minute grant for it, renews the access token with it and ends it.
 * Each call resolves to an access token, "" when the server refused, or "offline" when it was unreachable. */
(function () {
  "use strict";
  const BASE = "/api/v1/auth/session";
  const OFFLINE = "offline";
  // Sign-ins made before the cookie kept their refresh token in localStorage: drop it.
  try { localStorage.removeItem("poc_tracker_refresh"); } catch (e) { /* storage disabled */ }

  function csrfToken() {
    const found = document.cookie.match(/(?:^|;\s*)poc_tracker_csrf=([^;]*)/);
    return found ? decodeURIComponent(found[1]) : "";
  }

  async function call(method, path, body) {
    let res;
    try {
      res = await fetch(BASE + path, {
        method, credentials: "same-origin", cache: "no-store",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": csrfToken()},
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      return OFFLINE;
    }
    if (res.status >= 500) return OFFLINE;
    if (!res.ok || res.status === 204) return "";
    const data = await res.json().catch(() => ({}));
    return typeof data.accessToken === "string" ? data.accessToken : "";
  }

  let renewing = null;
  function refresh() {  // one renewal at a time in a page; the server's grace covers other tabs
    if (!renewing) renewing = call("POST", "/refresh").finally(() => { renewing = null; });
    return renewing;
  }

  window.pocAuth = {
    adopt: (grant) => call("POST", "", {grant}),
    refresh,
    signOut: () => call("DELETE", ""),
  };
})();
