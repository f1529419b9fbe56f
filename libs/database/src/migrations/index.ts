// Every migration, oldest first. `npm run migration:generate -- <Name>` rewrites this list.
import { Init1795334969870 } from './1795334969870-init';
import { Directory1795335907041 } from './1795335907041-directory';
import { Budgets1795337958002 } from './1795337958002-budgets';
import { Plans1795338052777 } from './1795338052777-plans';
import { Payments1795338707864 } from './1795338707864-payments';
import { Reconciliation1795339665052 } from './1795339665052-reconciliation';
import { Insights1795340000000 } from './1795340000000-insights';
import { EquityGroups1795340413902 } from './1795340413902-equity-groups';
import { MoneySafety1796156045290 } from './1796156045290-money-safety';
import { DeclineCodes1796161344100 } from './1796161344100-decline-codes';
import { WebAndIntake1796165414466 } from './1796165414466-web-and-intake';
import { OrganisationContacts1796171294615 } from './1796171294615-organisation-contacts';
import { Accounts1796174900853 } from './1796174900853-accounts';
import { IntakeDecisions1796178952614 } from './1796178952614-intake-decisions';
import { CredentialsChanged1796179895122 } from './1796179895122-credentials-changed';
import { PanelDecisions1796184028554 } from './1796184028554-panel-decisions';
import { SpendRecoveries1796185462050 } from './1796185462050-spend-recoveries';
import { Referrals1796186058800 } from './1796186058800-referrals';
import { ProviderInvoices1796188810487 } from './1796188810487-provider-invoices';
import { ServicePublishing1796189269262 } from './1796189269262-service-publishing';
import { ProviderBankDetails1796189951357 } from './1796189951357-provider-bank-details';
import { JobEngine1796200000000 } from './1796200000000-job-engine';
import { Notifications1796211274985 } from './1796211274985-notifications';
import { SignOffDeadlines1796213002587 } from './1796213002587-sign-off-deadlines';
import { CommissionerInsights1796234261238 } from './1796234261238-commissioner-insights';
import { SearchDemandReadModel1796240000000 } from './1796240000000-search-demand-read-model';
import { InsightSnapshots1796281920063 } from './1796281920063-insight-snapshots';

export const MIGRATIONS: Array<new () => unknown> = [
  Init1795334969870,
  Directory1795335907041,
  Budgets1795337958002,
  Plans1795338052777,
  Payments1795338707864,
  Reconciliation1795339665052,
  Insights1795340000000,
  EquityGroups1795340413902,
  MoneySafety1796156045290,
  DeclineCodes1796161344100,
  WebAndIntake1796165414466,
  OrganisationContacts1796171294615,
  Accounts1796174900853,
  IntakeDecisions1796178952614,
  CredentialsChanged1796179895122,
  PanelDecisions1796184028554,
  SpendRecoveries1796185462050,
  Referrals1796186058800,
  ProviderInvoices1796188810487,
  ServicePublishing1796189269262,
  ProviderBankDetails1796189951357,
  JobEngine1796200000000,
  Notifications1796211274985,
  SignOffDeadlines1796213002587,
  CommissionerInsights1796234261238,
  SearchDemandReadModel1796240000000,
  InsightSnapshots1796281920063,
];
