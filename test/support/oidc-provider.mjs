// A real OpenID provider (oidc-provider, the certified implementation) on loopback, for the single sign-on tests.
// Its development login form accepts any login: the login typed is the account's email. Run as its own Node
// process because oidc-provider is ESM-only. Usage: node oidc-provider.mjs <port> <redirect-uri> [amr]
import Provider from 'oidc-provider';

const [port, redirectUri, amr] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'kinwell',
      client_secret: 'kinwell-test-secret',
      redirect_uris: redirectUri.split(','),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // "unverified+..." logins stand for a provider that has not confirmed the address.
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: id.replace(/^unverified\+/, ''), email_verified: !id.startsWith('unverified+'), name: id }),
  }),
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['kinwell-test-cookie-key'] },
  ...(amr ? { amr: { [amr]: [amr] } } : {}),
});
provider.proxy = true;
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
