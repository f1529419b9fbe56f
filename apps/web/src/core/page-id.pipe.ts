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

/** Every id in the page's address (plan, item, person), each checked as PageIdPipe does: one parameter for all. */
export const PageIds = createParamDecorator((_data: unknown, context: ExecutionContext): Record<string, string> => {
  const params = context.switchToHttp().getRequest<{ params: Record<string, string> }>().params;
  const pipe = new PageIdPipe();
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, pipe.transform(value)]));
});
