import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, isUuid } from '@kinwell/kernel';

/** An id in a page's address: anything that is not one of ours is a page that does not exist. */
@Injectable()
export class PageIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUuid(value)) throw DomainError.notFound('That page');
    return value;
  }
}
