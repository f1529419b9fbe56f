import { Controller, Get, Header } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { Public } from '@kinwell/identity';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@kinwell/demo';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

@Controller()
export class HomeController {
  constructor(private readonly config: AppConfig) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    const demo = this.config.seedDemo
      ? `<h2>Demo accounts</h2><p>Every demo account uses the password <code>${DEMO_PASSWORD}</code>.</p><table><tr><th>Email</th><th>Who</th></tr>` +
        DEMO_ACCOUNTS.filter((a) => a.describe)
          .map((a) => `<tr><td><code>${escape(a.email)}</code></td><td>${escape(a.describe!)}</td></tr>`)
          .join('') +
        '</table>'
      : '';
    const example = this.config.seedDemo
      ? `: try <code>mutation { signIn(email: "broker@kinwell.demo", password: "${DEMO_PASSWORD}") { __typename ... on SignInSuccess { accessToken } } }</code>`
      : '';
    return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kinwell</title><style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
code{background:#f2f2f2;padding:0 .2em}table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid #ddd}a{color:#0b5cad}</style></head>
<body><main><h1>Kinwell</h1>
<p>Kinwell is a brokerage and marketplace for personal health budgets in mental health: providers list what they offer,
holders and their brokers find it and plan around the holder's own goals, sign-off is quick and explained, purchases are paid
by single-use card, invoice or direct payment, spend is reconciled to goals, and commissioners see where the market has gaps.</p>
<ul><li><a href="/graphql">GraphQL sandbox</a> at <code>/graphql</code>${example}</li>
<li><a href="/health">Health</a> at <code>/health</code></li></ul>
${demo}</main></body></html>`;
  }
}
