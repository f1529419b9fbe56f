import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';
import { isUuid } from './ids';
import { textProblem } from './input';

const fieldOf = (metadata: ArgumentMetadata) => metadata.data ?? metadata.type;

/** A REST path or form value that must be a Kinwell id: a validation error naming the field otherwise. */
@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUuid(value))
      throw DomainError.validation([{ field: fieldOf(metadata), message: 'must be an id Kinwell gave' }]);
    return value;
  }
}

/** A REST or form value that must be present, plain text (no NUL or control characters) and at most `max` characters. */
@Injectable()
export class TextPipe implements PipeTransform<unknown, string> {
  constructor(private readonly max = 2_000) {}

  transform(value: unknown, metadata: ArgumentMetadata): string {
    const field = fieldOf(metadata);
    if (typeof value !== 'string' || !value.trim()) throw DomainError.validation([{ field, message: 'must be given' }]);
    const problem = textProblem(value) ?? (value.length > this.max ? `must be at most ${this.max} characters` : null);
    if (problem) throw DomainError.validation([{ field, message: problem }]);
    return value.trim();
  }
}
