import { Injectable } from '@nestjs/common';
import { DomainError } from '@kinwell/kernel';
import { UserModel } from './graphql/identity.models';
import { IdentityRepository } from './identity.repository';

@Injectable()
export class IdentityService {
  constructor(private readonly repository: IdentityRepository) {}

  async userProfile(userId: string): Promise<UserModel> {
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
