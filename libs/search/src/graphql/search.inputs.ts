import { Field, Float, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ACCESSIBILITY_CODES, CATEGORY_CODES, COMMUNITY_CODES, DeliveryMode, LANGUAGE_CODES, ProviderKind } from '@kinwell/directory';

@InputType()
export class NearInput {
  @Field(() => String, { nullable: true, description: 'A postcode or postcode district, e.g. "E8 3AB" or "E8"' })
  @IsOptional()
  @IsString()
  @Length(2, 10)
  postcode?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLatitude() latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLongitude() longitude?: number | null;
  @Field(() => Float, { defaultValue: 5, description: 'Kilometres, 0.1 to 100' }) @IsNumber() @Min(0.1) @Max(100) radiusKm!: number;
}

@InputType()
export class OfferingSearchFilter {
  @Field(() => [String], { nullable: true, description: 'Category codes' })
  @IsOptional()
  @IsIn([...CATEGORY_CODES], { each: true })
  @ArrayMaxSize(20)
  categories?: string[];
  @Field(() => [String], { nullable: true, description: 'Community codes served' })
  @IsOptional()
  @IsIn([...COMMUNITY_CODES], { each: true })
  @ArrayMaxSize(20)
  communities?: string[];
  @Field(() => [String], { nullable: true, description: 'Language codes spoken' })
  @IsOptional()
  @IsIn([...LANGUAGE_CODES], { each: true })
  @ArrayMaxSize(20)
  languages?: string[];
  @Field(() => [ProviderKind], { nullable: true })
  @IsOptional()
  @IsEnum(ProviderKind, { each: true })
  @ArrayMaxSize(10)
  providerKinds?: ProviderKind[];
  @Field(() => Boolean, { nullable: true, description: 'Only peer-led, user-led or lived-experience-led providers' })
  @IsOptional()
  @IsBoolean()
  peerLed?: boolean;
  @Field(() => [DeliveryMode], { nullable: true })
  @IsOptional()
  @IsEnum(DeliveryMode, { each: true })
  @ArrayMaxSize(3)
  deliveryModes?: DeliveryMode[];
  @Field(() => [String], { nullable: true, description: 'Accessibility codes; all must be met' })
  @IsOptional()
  @IsIn([...ACCESSIBILITY_CODES], { each: true })
  @ArrayMaxSize(10)
  accessibility?: string[];
  @Field(() => Int, { nullable: true, description: 'At most this price in pence, e.g. what is left in a budget' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  maxPricePence?: number;
  @Field(() => NearInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => NearInput) near?: NearInput;
}
