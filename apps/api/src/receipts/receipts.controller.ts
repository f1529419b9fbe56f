import { Body, Controller, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { CurrentUser, Principal, SignedIn } from '@kinwell/identity';
import { DomainError, IdPipe, TextPipe } from '@kinwell/kernel';
import { MAX_RECEIPT_BYTES, ReconciliationService } from '@kinwell/reconciliation';

/**
 * Receipts as a multipart upload (the web form posts the same): a photo or PDF up to the
 * domain's 5 MB, which a JSON body could never carry. GraphQL's attachReceipt keeps small files.
 */
@SignedIn()
@Controller('plans/:planId/receipts')
export class ReceiptsController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(
    FileInterceptor('receipt', {
      storage: memoryStorage(),
      limits: { fileSize: MAX_RECEIPT_BYTES, files: 1, fields: 4, fieldSize: 1_024, parts: 6 },
    }),
  )
  async upload(
    @Param('planId', IdPipe) planId: string,
    @Body('spendRef', new TextPipe(100)) spendRef: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @CurrentUser() principal: Principal,
  ) {
    if (!file) throw DomainError.validation([{ field: 'receipt', message: 'choose a PDF, JPEG, PNG or HEIC file to upload' }]);
    const receipt = await this.reconciliation.attachReceipt(principal, planId, spendRef, file.buffer);
    return { id: receipt.id, contentType: receipt.contentType, sizeBytes: receipt.sizeBytes };
  }
}
