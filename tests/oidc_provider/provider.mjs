// A real OpenID provider for the tests (panva's oidc-provider). It listens on 127.0.0.1, on the port the
// system gives (port 0), and prints {"issuer": ...} once ready. Clients and accounts come as JSON in
// OIDC_TEST_CONFIG: {"clients": [...oidc-provider client metadata], "accounts": {"login": {claims}}}.
// The dev login form takes any password; the login names the account. A login not in the list is an
// account whose e-mail is the login, verified.
import http from "node:http";
import Provider from "oidc-provider";

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || "{}");
const accounts = config.accounts || {};

function claimsOf(login) {
  const found = accounts[login] || { email: login, email_verified: true };
  return { sub: found.sub || `sub-${login}`, name: found.name || login.split("@")[0], groups: [], ...found };
}

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients || [],
    cookies: { keys: ["poc-tracker-test-cookie-key"] },
    claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    conformIdTokenClaims: false, // the scopes' claims go in the ID token, where the app reads them
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, id) {
      const claims = claimsOf(id);
      return { accountId: id, async claims() { return claims; } };
    },
    // First-party test clients: consent is implied, so the flow is login then straight back to the app.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  });
  // An account listed with "amr" signs in as if its provider ran that MFA (the dev form only knows a password).
  const finished = provider.interactionFinished.bind(provider);
  provider.interactionFinished = (req, res, result, options) => {
    const amr = result.login && accounts[result.login.accountId]?.amr;
    return finished(req, res, amr ? { ...result, login: { ...result.login, amr } } : result, options);
  };
  provider.on("server_error", (ctx, err) => console.error("server_error", err));
  server.on("request", provider.callback());
  console.log(JSON.stringify({ issuer }));
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
