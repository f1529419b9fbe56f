import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ErrorResult, MoneyModel } from '@kinwell/kernel/graphql';
import { ListingChangeStatus, ListingOperation, ListingSubject } from '../directory.entities';
import { DeliveryMode, OfferingKind, PaymentMethod, PhbExclusion, PriceUnit, ProviderKind } from '../vocabulary';

registerEnumType(ProviderKind, { name: 'ProviderKind' });
registerEnumType(DeliveryMode, { name: 'DeliveryMode' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod' });
registerEnumType(OfferingKind, { name: 'OfferingKind' });
registerEnumType(PriceUnit, { name: 'PriceUnit' });
registerEnumType(PhbExclusion, { name: 'PhbExclusion', description: 'Why a personal health budget may not buy something' });
registerEnumType(ListingSubject, { name: 'ListingSubject' });
registerEnumType(ListingOperation, { name: 'ListingOperation' });
registerEnumType(ListingChangeStatus, { name: 'ListingChangeStatus' });

@ObjectType('Term', { description: 'A coded value with its display name (a language, a community, an accessibility feature)' })
export class TermModel {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
}

@ObjectType('Category')
export class CategoryModel {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
}

@ObjectType('Location')
export class LocationModel {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) addressLine!: string;
  @Field(() => String) town!: string;
  @Field(() => String) postcode!: string;
  @Field(() => Float) latitude!: number;
  @Field(() => Float) longitude!: number;
  @Field(() => [TermModel]) accessibility!: TermModel[];
}

@ObjectType('Provider')
export class ProviderModel {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => ProviderKind) kind!: ProviderKind;
  @Field(() => Boolean, { description: 'Run by people with lived experience of mental health problems' }) livedExperienceLed!: boolean;
  @Field(() => [PaymentMethod]) paymentMethods!: PaymentMethod[];
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('ServiceSchedule', { description: 'One weekly opening' })
export class ScheduleModel {
  @Field(() => String, { description: 'MO to SU' }) byDay!: string;
  @Field(() => String) opensAt!: string;
  @Field(() => String) closesAt!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('ServiceContact')
export class ContactModel {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('Service')
export class ServiceModel {
  @Field(() => ID) id!: string;
  providerId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => [DeliveryMode]) deliveryModes!: DeliveryMode[];
  @Field(() => [TermModel]) languages!: TermModel[];
  @Field(() => Boolean) interpreterAvailable!: boolean;
  @Field(() => [TermModel], { description: 'Communities the service is run for or by' }) communities!: TermModel[];
  @Field(() => String, { nullable: true }) eligibilityDescription!: string | null;
  @Field(() => Int, { nullable: true }) minimumAge!: number | null;
  @Field(() => Int, { nullable: true }) maximumAge!: number | null;
  @Field(() => Date, { description: 'When the provider last confirmed the listing is right' }) lastConfirmedAt!: Date;
  @Field(() => [ScheduleModel]) schedules!: ScheduleModel[];
  @Field(() => [String], { description: 'Postcode districts it serves' }) serviceAreas!: string[];
  @Field(() => [ContactModel]) contacts!: ContactModel[];
}

@ObjectType('Offering', { description: 'Something a personal health budget can buy' })
export class OfferingModel {
  @Field(() => ID) id!: string;
  serviceId!: string;
  providerId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => OfferingKind) kind!: OfferingKind;
  @Field(() => MoneyModel) price!: MoneyModel;
  @Field(() => PriceUnit) priceUnit!: PriceUnit;
  @Field(() => TermModel) category!: TermModel;
  @Field(() => Boolean) available!: boolean;
  @Field(() => String, { nullable: true }) availabilityNote!: string | null;
  @Field(() => Boolean) fastTrack!: boolean;
}

@ObjectType('ListingChange', { description: 'One proposed version of a listing, and what a moderator decided' })
export class ListingChangeModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) providerId!: string;
  @Field(() => ListingSubject) subjectType!: ListingSubject;
  @Field(() => ID) subjectId!: string;
  @Field(() => ListingOperation) operation!: ListingOperation;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'The proposed listing, as JSON' }) proposedJson!: string;
  @Field(() => ListingChangeStatus) status!: ListingChangeStatus;
  @Field(() => Date) submittedAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was rejected (shown to the provider), or a note on approval' })
  decisionReason!: string | null;
}

@ObjectType('ListingConfirmed')
export class ListingConfirmedModel {
  @Field(() => ID) serviceId!: string;
  @Field(() => Date) confirmedAt!: Date;
}

@ObjectType('ListingNotFoundError', { implements: () => [ErrorResult] })
export class ListingNotFoundError implements ErrorResult {
  @Field(() => String) errorCode = 'LISTING_NOT_FOUND';
  @Field(() => String) message!: string;
}

@ObjectType('ListingNotReadyError', { implements: () => [ErrorResult], description: 'What this change depends on is not live yet' })
export class ListingNotReadyError implements ErrorResult {
  @Field(() => String) errorCode = 'LISTING_NOT_READY';
  @Field(() => String) message!: string;
}

@ObjectType('ListingChangeNotPendingError', { implements: () => [ErrorResult] })
export class ListingChangeNotPendingError implements ErrorResult {
  @Field(() => String) errorCode = 'LISTING_CHANGE_NOT_PENDING';
  @Field(() => String) message!: string;
}

export const ListingChangeResult = createUnionType({
  name: 'ListingChangeResult',
  types: () => [ListingChangeModel, ListingNotFoundError, ListingNotReadyError, ListingChangeNotPendingError] as const,
});

export const ConfirmListingResult = createUnionType({
  name: 'ConfirmListingResult',
  types: () => [ListingConfirmedModel, ListingNotFoundError] as const,
});

@ObjectType('DirectoryVocabulary', { description: 'The codes filters and listings use' })
export class DirectoryVocabularyModel {
  @Field(() => [CategoryModel]) categories!: CategoryModel[];
  @Field(() => [TermModel]) communities!: TermModel[];
  @Field(() => [TermModel]) languages!: TermModel[];
  @Field(() => [TermModel]) accessibility!: TermModel[];
}
