import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The lint rules that keep contexts apart fail on the imports they exist to stop. */
describe('lint: boundaries between contexts', () => {
  const probe = resolve('libs/plans/src/boundary-probe.ts');
  afterAll(() => rmSync(probe, { force: true }));

  it('refuses a deep import, an import against the dependency direction, a relative path into another lib, GraphQL in domain code, and another context’s repository', () => {
    writeFileSync(
      probe,
      [
        "export { AccessGuard } from '@kinwell/identity/src/access.guard';",
        "export { PaymentsModule } from '@kinwell/payments';",
        "export { BudgetsService } from '../../budgets/src/budgets.service';",
        "export { MoneyModel } from '@kinwell/kernel/graphql';",
        "export { Money } from '@kinwell/kernel';",
        "export { DirectoryRepository } from '@kinwell/directory';",
        '',
      ]
        .join('\n')
        .replace(/^export \{ (\w+) \} from/gm, 'import { $1 } from') +
        'export const used = [AccessGuard, PaymentsModule, BudgetsService, MoneyModel, Money, DirectoryRepository];\n',
    );
    const run = spawnSync(process.execPath, [resolve('node_modules/eslint/bin/eslint.js'), '--format', 'json', probe], {
      encoding: 'utf8',
    });
    const [{ messages }] = JSON.parse(run.stdout) as Array<{ messages: Array<{ line: number; ruleId: string; message: string }> }>;
    const byLine = (line: number) =>
      messages
        .filter((m) => m.line === line)
        .map((m) => m.message)
        .join(' | ');
    expect(byLine(1)).toMatch(/never a deep path/);
    expect(byLine(2)).toMatch(/plans may depend on .*payments would turn the dependencies round/);
    expect(byLine(3)).toMatch(/not by a relative path into its files/);
    expect(byLine(4)).toMatch(/Domain code does not import GraphQL/);
    expect(byLine(5)).toBe('');
    expect(byLine(6)).toMatch(/lookup facade, not its repository/);
  }, 60_000);
});
