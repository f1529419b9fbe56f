import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, isUuid } from '@kinwell/kernel';

/** An id in a page's address: anything that is not one of ours is a page that does not exist. */
@Injectable()
export class PageIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUuid(value)) throw DomainError.notFound('That page');
    return value;
  }
}

const WORD = /^[a-z][a-z_-]{0,39}$/;

/**
 * Every id in the page's address (plan, item, person), each checked as PageIdPipe does: one parameter
 * for all. A parameter whose name ends in "Id" is an id; any other (a step's name, "new" or an id) is a
 * lower-case word or an id, and anything else is a page that does not exist.
 */
export const PageIds = createParamDecorator((_data: unknown, context: ExecutionContext): Record<string, string> => {
  const params = context.switchToHttp().getRequest<{ params: Record<string, string> }>().params;
  const pipe = new PageIdPipe();
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      name.endsWith('Id') || typeof value !== 'string' || !WORD.test(value) ? pipe.transform(value) : value,
    ]),
  );
});
