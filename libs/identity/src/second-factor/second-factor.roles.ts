import { Role } from '../roles';

/** Roles that can see a person's data: the NHS Data Security and Protection Toolkit expects a second factor for them. */
export const ROLES_NEEDING_SECOND_FACTOR: readonly Role[] = [
  Role.BrokerStaff,
  Role.CareCoordinator,
  Role.TeamLead,
  Role.PhbLead,
  Role.PanelMember,
  Role.PlatformAdmin,
];
