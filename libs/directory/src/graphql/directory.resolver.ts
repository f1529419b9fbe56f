import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { decodeCursor, encodeCursor, pageSize } from '@kinwell/kernel';
import { ConnectionType, toConnection } from '@kinwell/kernel/graphql';
import { CurrentUser, OrganisationMember, Principal, Public, Role, Roles } from '@kinwell/identity';
import { isFailure, ListingFailure } from '../directory.errors';
import { DirectoryRepository } from '../directory.repository';
import { DirectoryService } from '../directory.service';
import { ListingChange, ListingSubject } from '../directory.entities';
import { ACCESSIBILITY, COMMUNITIES, LANGUAGES } from '../vocabulary';
import { LocationInput, OfferingInput, ProviderProfileInput, ServiceInput } from './directory.inputs';
import { directoryLoaders, GraphqlContext } from './directory.loaders';
import { toListingChange } from './directory.mappers';
import {
  ConfirmListingResult,
  DirectoryVocabularyModel,
  ListingChangeModel,
  ListingChangeNotPendingError,
  ListingChangeResult,
  ListingConfirmedModel,
  ListingNotFoundError,
  ListingNotReadyError,
  LocationModel,
  OfferingModel,
  ProviderModel,
  ServiceModel,
} from './directory.models';

const ListingChangeConnection = ConnectionType(ListingChangeModel, 'ListingChange');
const isOffset = (v: Record<string, unknown>): v is { o: number } => Number.isInteger(v.o) && (v.o as number) >= 0;

export function toFailureResult(failure: ListingFailure): ListingNotFoundError | ListingNotReadyError | ListingChangeNotPendingError {
  const error =
    failure.kind === 'not_found'
      ? new ListingNotFoundError()
      : failure.kind === 'not_ready'
        ? new ListingNotReadyError()
        : new ListingChangeNotPendingError();
  error.message = failure.message;
  return error;
}

function changeResult(outcome: ListingChange | ListingFailure): typeof ListingChangeResult {
  return isFailure(outcome) ? toFailureResult(outcome) : Object.assign(new ListingChangeModel(), toListingChange(outcome));
}

@Resolver()
export class DirectoryResolver {
  constructor(
    private readonly directory: DirectoryService,
    private readonly repository: DirectoryRepository,
  ) {}

  @Public()
  @Query(() => ProviderModel, { nullable: true, description: 'A provider in the public directory' })
  provider(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphqlContext): Promise<ProviderModel | null> {
    return directoryLoaders(ctx, this.repository).provider.load(id);
  }

  @Public()
  @Query(() => ServiceModel, { nullable: true })
  service(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphqlContext): Promise<ServiceModel | null> {
    return directoryLoaders(ctx, this.repository).service.load(id);
  }

  @Public()
  @Query(() => OfferingModel, { nullable: true, description: 'An offering in the public directory' })
  offering(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphqlContext): Promise<OfferingModel | null> {
    return directoryLoaders(ctx, this.repository).offering.load(id);
  }

  @Public()
  @Query(() => DirectoryVocabularyModel)
  async directoryVocabulary(): Promise<DirectoryVocabularyModel> {
    const strip = (t: { code: string; name: string }) => ({ code: t.code, name: t.name });
    return {
      categories: (await this.repository.categories()).map((c) => ({ id: c.id, code: c.code, name: c.name, description: c.description })),
      communities: COMMUNITIES.map(strip),
      languages: LANGUAGES.map(strip),
      accessibility: ACCESSIBILITY.map(strip),
    };
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Mutation(() => ListingChangeResult, { description: "Propose a new version of a provider's profile, for moderation" })
  async proposeProviderProfile(
    @Args('input') input: ProviderProfileInput,
    @CurrentUser() principal: Principal,
  ): Promise<typeof ListingChangeResult> {
    const { providerId, kind, ...rest } = input;
    return changeResult(
      await this.directory.propose(principal, providerId, null, {
        subject: ListingSubject.Provider,
        data: { ...rest, providerKind: kind, website: rest.website ?? null, email: rest.email ?? null, phone: rest.phone ?? null },
      }),
    );
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Mutation(() => ListingChangeResult)
  async proposeLocation(@Args('input') input: LocationInput, @CurrentUser() principal: Principal): Promise<typeof ListingChangeResult> {
    const { providerId, locationId, ...data } = input;
    return changeResult(
      await this.directory.propose(principal, providerId, locationId ?? null, { subject: ListingSubject.Location, data }),
    );
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Mutation(() => ListingChangeResult)
  async proposeService(@Args('input') input: ServiceInput, @CurrentUser() principal: Principal): Promise<typeof ListingChangeResult> {
    const { providerId, serviceId, ...rest } = input;
    return changeResult(
      await this.directory.propose(principal, providerId, serviceId ?? null, {
        subject: ListingSubject.Service,
        data: {
          ...rest,
          url: rest.url ?? null,
          email: rest.email ?? null,
          eligibilityDescription: rest.eligibilityDescription ?? null,
          minimumAge: rest.minimumAge ?? null,
          maximumAge: rest.maximumAge ?? null,
          schedules: (rest.schedules ?? []).map((s) => ({ ...s, note: s.note ?? null })),
          serviceAreas: rest.serviceAreas ?? [],
          contacts: (rest.contacts ?? []).map((c) => ({
            name: c.name,
            title: c.title ?? null,
            email: c.email ?? null,
            phone: c.phone ?? null,
          })),
        },
      }),
    );
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Mutation(() => ListingChangeResult)
  async proposeOffering(@Args('input') input: OfferingInput, @CurrentUser() principal: Principal): Promise<typeof ListingChangeResult> {
    const { providerId, offeringId, ...rest } = input;
    return changeResult(
      await this.directory.propose(principal, providerId, offeringId ?? null, {
        subject: ListingSubject.Offering,
        data: {
          ...rest,
          availabilityNote: rest.availabilityNote ?? null,
          phbExclusion: rest.phbExclusion ?? null,
          fastTrack: rest.fastTrack ?? false,
        },
      }),
    );
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Mutation(() => ListingChangeResult, { description: 'Propose taking a listing out of the directory' })
  async withdrawListing(
    @Args('providerId', { type: () => ID }) providerId: string,
    @Args('subjectType', { type: () => ListingSubject }) subjectType: ListingSubject,
    @Args('subjectId', { type: () => ID }) subjectId: string,
    @CurrentUser() principal: Principal,
  ): Promise<typeof ListingChangeResult> {
    return changeResult(await this.directory.withdraw(principal, providerId, subjectType, subjectId));
  }

  @Roles(Role.ProviderStaff)
  @Mutation(() => ConfirmListingResult, { description: 'Say a service listing is still right (resets the staleness clock)' })
  async confirmService(
    @Args('serviceId', { type: () => ID }) serviceId: string,
    @CurrentUser() principal: Principal,
  ): Promise<typeof ConfirmListingResult> {
    const outcome = await this.directory.confirmService(principal, serviceId);
    return outcome instanceof Date
      ? Object.assign(new ListingConfirmedModel(), { serviceId, confirmedAt: outcome })
      : toFailureResult(outcome);
  }

  @Roles(Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin)
  @Mutation(() => ListingChangeResult, { description: 'Approve a proposed listing change: it goes live' })
  async approveListingChange(
    @Args('changeId', { type: () => ID }) changeId: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @CurrentUser() principal: Principal,
  ): Promise<typeof ListingChangeResult> {
    return changeResult(await this.directory.approve(principal, changeId, note?.trim() || null));
  }

  @Roles(Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin)
  @Mutation(() => ListingChangeResult, { description: 'Reject a proposed listing change, saying why' })
  async rejectListingChange(
    @Args('changeId', { type: () => ID }) changeId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ): Promise<typeof ListingChangeResult> {
    return changeResult(await this.directory.reject(principal, changeId, reason));
  }

  @Roles(Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin)
  @Query(() => ListingChangeConnection, { description: 'Listing changes waiting for a decision in the areas you moderate, oldest first' })
  async pendingListingChanges(
    @CurrentUser() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const limit = pageSize(first);
    const offset = after ? decodeCursor(after, isOffset).o + 1 : 0;
    const { rows, total } = await this.directory.pendingChanges(principal, limit + 1, offset);
    const models = rows.map(toListingChange);
    return toConnection(models, limit, total, (_m, i) => encodeCursor({ o: offset + i }), offset > 0);
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Query(() => [ListingChangeModel], { description: "Your organisation's listing changes, newest first, with decisions and reasons" })
  async myListingChanges(
    @Args('providerId', { type: () => ID }) providerId: string,
    @CurrentUser() principal: Principal,
  ): Promise<ListingChangeModel[]> {
    return (await this.directory.changesForProvider(principal, providerId)).map(toListingChange);
  }
}

@Resolver(() => ProviderModel)
export class ProviderFieldsResolver {
  constructor(private readonly repository: DirectoryRepository) {}

  @ResolveField(() => [ServiceModel])
  services(@Parent() provider: ProviderModel, @Context() ctx: GraphqlContext) {
    return directoryLoaders(ctx, this.repository).servicesOfProvider.load(provider.id);
  }
}

@Resolver(() => ServiceModel)
export class ServiceFieldsResolver {
  constructor(private readonly repository: DirectoryRepository) {}

  @ResolveField(() => ProviderModel)
  provider(@Parent() service: ServiceModel, @Context() ctx: GraphqlContext) {
    return directoryLoaders(ctx, this.repository).provider.load(service.providerId);
  }

  @ResolveField(() => [LocationModel])
  locations(@Parent() service: ServiceModel, @Context() ctx: GraphqlContext) {
    return directoryLoaders(ctx, this.repository).locationsOfService.load(service.id);
  }

  @ResolveField(() => [OfferingModel])
  offerings(@Parent() service: ServiceModel, @Context() ctx: GraphqlContext) {
    return directoryLoaders(ctx, this.repository).offeringsOfService.load(service.id);
  }
}

@Resolver(() => OfferingModel)
export class OfferingFieldsResolver {
  constructor(private readonly repository: DirectoryRepository) {}

  @ResolveField(() => ServiceModel)
  service(@Parent() offering: OfferingModel, @Context() ctx: GraphqlContext) {
    return directoryLoaders(ctx, this.repository).service.load(offering.serviceId);
  }

  @ResolveField(() => ProviderModel)
  provider(@Parent() offering: OfferingModel, @Context() ctx: GraphqlContext) {
    return directoryLoaders(ctx, this.repository).provider.load(offering.providerId);
  }
}
