import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '@kinwell/kernel/graphql';
import { OfferingModel } from '@kinwell/directory/graphql';

export enum OfferingOrder {
  Relevance = 'relevance',
  Price = 'price',
  Distance = 'distance',
}
registerEnumType(OfferingOrder, { name: 'OfferingOrder' });

@ObjectType('FacetCount')
export class FacetCount {
  @Field(() => String) value!: string;
  @Field(() => String) label!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('OfferingFacets', { description: 'How many matching offerings have each value' })
export class OfferingFacets {
  @Field(() => [FacetCount]) categories!: FacetCount[];
  @Field(() => [FacetCount]) communities!: FacetCount[];
  @Field(() => [FacetCount]) languages!: FacetCount[];
  @Field(() => [FacetCount]) providerKinds!: FacetCount[];
  @Field(() => [FacetCount]) deliveryModes!: FacetCount[];
}

@ObjectType('OfferingSearchEdge')
export class OfferingSearchEdge {
  @Field(() => String) cursor!: string;
  @Field(() => OfferingModel) node!: OfferingModel;
  @Field(() => Float, { nullable: true, description: 'Distance in km from filter.near' }) distanceKm!: number | null;
}

@ObjectType('OfferingSearchConnection')
export class OfferingSearchConnection {
  @Field(() => Int) totalCount!: number;
  @Field(() => [OfferingSearchEdge]) edges!: OfferingSearchEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => OfferingFacets) facets!: OfferingFacets;
  @Field(() => String, { description: 'Which engine answered: postgres or meilisearch' }) engine!: string;
}
