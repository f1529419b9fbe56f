import { Injectable } from '@nestjs/common';
import { DomainError } from '@kinwell/kernel';
import { IdentityRepository } from './identity.repository';
import { OrganisationKind, Role } from './roles';

/** A signed-in person as they see themselves: who they are and where they work. */
export interface UserProfile {
  id: string;
  email: string;
  displayName: string;
  memberships: Array<{ role: Role; livedExperience: boolean; organisation: { id: string; name: string; kind: OrganisationKind } }>;
}

@Injectable()
export class IdentityService {
  constructor(private readonly repository: IdentityRepository) {}

  async userProfile(userId: string): Promise<UserProfile> {
    const user = await this.repository.findActiveUser(userId);
    if (!user) throw DomainError.notFound('That person');
    const memberships = await this.repository.membershipsWithOrganisations(userId);
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      memberships: memberships.map((m) => ({
        role: m.role,
        livedExperience: m.livedExperience,
        organisation: { id: m.organisation!.id, name: m.organisation!.name, kind: m.organisation!.kind },
      })),
    };
  }
}
