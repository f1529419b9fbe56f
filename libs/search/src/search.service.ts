import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Clock, decodeCursor, DomainError, encodeCursor, FieldProblem, pageSize } from '@kinwell/kernel';
import { PostcodeDistrict, postcodeDistrict } from '@kinwell/directory';
import { SearchEngines } from './search-engines';
import { SearchFilter, SearchResult, SearchSort } from './search-index';
import { SearchDemand } from './search.entities';

export interface NearRequest {
  latitude?: number | null;
  longitude?: number | null;
  postcode?: string | null;
  radiusKm: number;
}

export interface SearchRequest {
  text?: string | null;
  filter?: Omit<SearchFilter, 'near'> & { near?: NearRequest | null };
  sort?: SearchSort;
  first?: number | null;
  after?: string | null;
  source: 'graphql' | 'oruk' | 'web';
  /** False when the caller has added its share to the demand log already (see RequestThrottle.mayRecordDemand). */
  recordDemand?: boolean;
}

export interface SearchPage extends SearchResult {
  engine: string;
  offset: number;
  limit: number;
}

const MAX_TEXT = 200;
const isOffsetCursor = (v: Record<string, unknown>): v is { o: number } =>
  Number.isInteger(v.o) && (v.o as number) >= 0 && (v.o as number) <= 1_000_000;

export const offsetCursor = (offset: number) => encodeCursor({ o: offset });

@Injectable()
export class SearchService {
  constructor(
    private readonly engines: SearchEngines,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async search(request: SearchRequest): Promise<SearchPage> {
    const limit = pageSize(request.first);
    const offset = request.after ? decodeCursor(request.after, isOffsetCursor).o + 1 : 0;
    const text = request.text?.trim() || undefined;
    const problems: FieldProblem[] = [];
    if (text && text.length > MAX_TEXT) problems.push({ field: 'query', message: `must be at most ${MAX_TEXT} characters` });
    const { near: nearInput, ...rest } = request.filter ?? {};
    const sort = request.sort ?? 'relevance';
    const { near, district } = await this.locate(nearInput ?? null, problems);
    if (sort === 'distance' && !near) problems.push({ field: 'orderBy', message: 'ordering by distance needs filter.near' });
    if (problems.length) throw DomainError.validation(problems);

    const filter: SearchFilter = { ...rest, ...(near ? { near } : {}) };
    const result = await this.engines.search({ text, filter, sort, limit, offset });
    if (request.recordDemand !== false) await this.recordDemand(text, filter, district, result.total, request.source);
    return { ...result, offset, limit };
  }

  private async locate(
    input: NearRequest | null,
    problems: FieldProblem[],
  ): Promise<{ near?: SearchFilter['near']; district: string | null }> {
    if (!input) return { district: null };
    const { latitude, longitude, postcode, radiusKm } = input;
    if (postcode) {
      const district = postcodeDistrict(postcode);
      const centre = district ? await this.tx.manager.findOne(PostcodeDistrict, { where: { code: district } }) : null;
      if (!centre) {
        problems.push({
          field: 'filter.near.postcode',
          message: district ? `we do not know where ${district} is yet` : 'must be a UK postcode or district, such as E8 or E8 3AB',
        });
        return { district: null };
      }
      return { near: { latitude: centre.latitude, longitude: centre.longitude, radiusKm }, district };
    }
    if (latitude == null || longitude == null) {
      problems.push({ field: 'filter.near', message: 'give a postcode, or both latitude and longitude' });
      return { district: null };
    }
    return { near: { latitude, longitude, radiusKm }, district: null };
  }

  private async recordDemand(
    text: string | undefined,
    filter: SearchFilter,
    district: string | null,
    total: number,
    source: string,
  ): Promise<void> {
    // Never the exact point a person searched from: only the district and the radius.
    const { near, ...rest } = filter;
    // Only what was asked is stored: a filter sent as null (or an empty list) is no filter at all.
    const asked = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length)),
    );
    await this.tx.manager.insert(SearchDemand, {
      occurredAt: this.clock.now(),
      terms: text ? text.toLowerCase().slice(0, MAX_TEXT) : null,
      filters: { ...asked, ...(near ? { radiusKm: near.radiusKm } : {}) },
      postcodeDistrict: district,
      resultCount: total,
      zeroResults: total === 0,
      source,
    });
  }
}
