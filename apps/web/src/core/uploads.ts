import { UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { MAX_RECEIPT_BYTES } from '@kinwell/reconciliation';

/**
 * One file from a multipart page form (a receipt photo, an invoice PDF), held in memory up to 5 MB,
 * with at most `fields` other fields: anything bigger or longer is refused before it is read.
 */
export const OneFileUpload = (field: string, fields: number) =>
  UseInterceptors(
    FileInterceptor(field, {
      storage: memoryStorage(),
      limits: { fileSize: MAX_RECEIPT_BYTES, files: 1, fields, fieldSize: 1_024, parts: fields + 2 },
    }),
  );
