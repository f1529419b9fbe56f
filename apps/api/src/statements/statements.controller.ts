import { Controller, Get, Header, Param } from '@nestjs/common';
import { CurrentUser, Principal, SignedIn } from '@kinwell/identity';
import { IdPipe } from '@kinwell/kernel';
import { PlanLookup } from '@kinwell/plans';
import { ReconciliationService, statementCsv, statementHtml } from '@kinwell/reconciliation';

/** Statements to download (CSV) or print (HTML); the same access rules as the GraphQL statement. */
@SignedIn()
@Controller('statements')
export class StatementsController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly plans: PlanLookup,
  ) {}

  @Get(':planId.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="statement.csv"')
  async csv(@Param('planId', IdPipe) planId: string, @CurrentUser() principal: Principal): Promise<string> {
    return statementCsv(await this.reconciliation.statement(principal, planId));
  }

  @Get(':planId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async printable(@Param('planId', IdPipe) planId: string, @CurrentUser() principal: Principal): Promise<string> {
    const statement = await this.reconciliation.statement(principal, planId);
    const plan = (await this.plans.findPlan(statement.planId))!;
    const holder = (await this.plans.findHolder(plan.holderId))!;
    return statementHtml(statement, holder.preferredName);
  }
}
