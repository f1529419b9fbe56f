import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import {
  ACCESSIBILITY_CODES,
  CATEGORY_CODES,
  COMMUNITY_CODES,
  DeliveryMode,
  LANGUAGE_CODES,
  OfferingKind,
  PaymentMethod,
  PhbExclusion,
  PriceUnit,
  ProviderKind,
} from '../vocabulary';
import { WEEKDAYS, Weekday } from '../proposals';

// £100,000: far above any single PHB purchase; a guard against a slipped decimal point.
export const MAX_PRICE_PENCE = 10_000_000;

@InputType()
export class ProviderProfileInput {
  @Field(() => ID) @IsUUID() providerId!: string;
  @Field(() => String) @IsString() @Length(10, 4000) description!: string;
  @Field(() => ProviderKind) @IsEnum(ProviderKind) kind!: ProviderKind;
  @Field(() => Boolean) @IsBoolean() livedExperienceLed!: boolean;
  @Field(() => [PaymentMethod]) @IsEnum(PaymentMethod, { each: true }) @ArrayMaxSize(3) paymentMethods!: PaymentMethod[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) website?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(5, 40) phone?: string | null;
}

@InputType()
export class LocationInput {
  @Field(() => ID) @IsUUID() providerId!: string;
  @Field(() => ID, { nullable: true, description: 'Set to change an existing location' }) @IsOptional() @IsUUID() locationId?:
    string | null;
  @Field(() => String) @IsString() @Length(1, 200) name!: string;
  @Field(() => String) @IsString() @Length(1, 300) addressLine!: string;
  @Field(() => String) @IsString() @Length(1, 100) town!: string;
  @Field(() => String) @IsString() @Length(2, 10) postcode!: string;
  @Field(() => Float, { nullable: true, description: 'Defaults to the centre of the postcode district' })
  @IsOptional()
  @IsLatitude()
  latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLongitude() longitude?: number | null;
  @Field(() => [String]) @IsIn([...ACCESSIBILITY_CODES], { each: true }) @ArrayMaxSize(20) accessibility!: string[];
}

@InputType({ description: 'One weekly opening (HSDS schedule)' })
export class ScheduleInput {
  @Field(() => String, { description: 'MO, TU, WE, TH, FR, SA or SU' }) @IsIn([...WEEKDAYS]) byDay!: Weekday;
  @Field(() => String, { description: 'HH:MM' }) @IsString() @Length(5, 5) opensAt!: string;
  @Field(() => String, { description: 'HH:MM' }) @IsString() @Length(5, 5) closesAt!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) note?: string | null;
}

@InputType({ description: 'Someone to ask about the service (HSDS contact)' })
export class ContactInput {
  @Field(() => String) @IsString() @Length(1, 100) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(10, 20) phone?: string | null;
}

@InputType()
export class ServiceInput {
  @Field(() => ID) @IsUUID() providerId!: string;
  @Field(() => ID, { nullable: true, description: 'Set to change an existing service' }) @IsOptional() @IsUUID() serviceId?: string | null;
  @Field(() => String) @IsString() @Length(1, 200) name!: string;
  @Field(() => String) @IsString() @Length(10, 4000) description!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) url?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() email?: string | null;
  @Field(() => [DeliveryMode]) @IsEnum(DeliveryMode, { each: true }) @ArrayMaxSize(3) deliveryModes!: DeliveryMode[];
  @Field(() => [String], { description: 'Language codes, e.g. ["en", "ur"]' })
  @IsIn([...LANGUAGE_CODES], { each: true })
  @ArrayMaxSize(20)
  languages!: string[];
  @Field(() => Boolean) @IsBoolean() interpreterAvailable!: boolean;
  @Field(() => [String], { description: 'Community codes, e.g. ["south-asian", "women"]' })
  @IsIn([...COMMUNITY_CODES], { each: true })
  @ArrayMaxSize(20)
  communities!: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 2000) eligibilityDescription?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) minimumAge?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(120) maximumAge?: number | null;
  @Field(() => [ID]) @IsUUID('all', { each: true }) @ArrayMaxSize(50) locationIds!: string[];
  @Field(() => [ScheduleInput], { nullable: true, description: 'When it runs; leave out for "by arrangement"' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ScheduleInput)
  @ArrayMaxSize(28)
  schedules?: ScheduleInput[] | null;
  @Field(() => [String], { nullable: true, description: 'Postcode districts it serves, e.g. ["E8", "E9"]' })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(100)
  serviceAreas?: string[] | null;
  @Field(() => [ContactInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  @ArrayMaxSize(10)
  contacts?: ContactInput[] | null;
}

@InputType()
export class OfferingInput {
  @Field(() => ID) @IsUUID() providerId!: string;
  @Field(() => ID, { nullable: true, description: 'Set to change an existing offering' }) @IsOptional() @IsUUID() offeringId?:
    string | null;
  @Field(() => ID) @IsUUID() serviceId!: string;
  @Field(() => String) @IsString() @Length(1, 200) name!: string;
  @Field(() => String) @IsString() @Length(1, 4000) description!: string;
  @Field(() => OfferingKind) @IsEnum(OfferingKind) kind!: OfferingKind;
  @Field(() => Int, { description: 'Price in pence' }) @IsInt() @Min(0) @Max(MAX_PRICE_PENCE) pricePence!: number;
  @Field(() => PriceUnit) @IsEnum(PriceUnit) priceUnit!: PriceUnit;
  @Field(() => String) @IsIn([...CATEGORY_CODES]) categoryCode!: string;
  @Field(() => Boolean) @IsBoolean() available!: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 500) availabilityNote?: string | null;
  @Field(() => PhbExclusion, { nullable: true, description: 'Set if a PHB may not buy this; it will then never appear in search' })
  @IsOptional()
  @IsEnum(PhbExclusion)
  phbExclusion?: PhbExclusion | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Sold as fast-track: bought without the usual sign-off (for example a phone and SIM)',
  })
  @IsOptional()
  @IsBoolean()
  fastTrack?: boolean | null;
}
