export enum OrganisationKind {
  Commissioner = 'commissioner',
  Broker = 'broker',
  Provider = 'provider',
  ClinicalTeam = 'clinical_team',
  Platform = 'platform',
}

export enum Role {
  Holder = 'holder',
  CarerAdvocate = 'carer_advocate',
  BrokerStaff = 'broker_staff',
  CareCoordinator = 'care_coordinator',
  TeamLead = 'team_lead',
  PhbLead = 'phb_lead',
  PanelMember = 'panel_member',
  Commissioner = 'commissioner',
  ProviderStaff = 'provider_staff',
  PlatformAdmin = 'platform_admin',
}

/** Which roles make sense in which kind of organisation. */
export const ROLES_BY_ORGANISATION_KIND: Record<OrganisationKind, Role[]> = {
  [OrganisationKind.Commissioner]: [Role.Commissioner, Role.PhbLead, Role.PanelMember],
  [OrganisationKind.Broker]: [Role.BrokerStaff, Role.Holder, Role.CarerAdvocate, Role.PanelMember],
  [OrganisationKind.ClinicalTeam]: [Role.CareCoordinator, Role.TeamLead, Role.PhbLead, Role.PanelMember],
  [OrganisationKind.Provider]: [Role.ProviderStaff],
  [OrganisationKind.Platform]: [Role.PlatformAdmin],
};
