import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { FileStorage } from './file-storage';

export interface S3Settings {
  bucket: string;
  /** Unset: AWS itself. Set for MinIO or another S3-compatible store (path-style addressing). */
  endpoint?: string;
  region: string;
  /** Unset: the SDK's own chain (environment, IAM role, SSO), so an instance role needs no keys. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Receipts in an S3 bucket through the AWS SDK: signing, session tokens, retries and timeouts are its job. */
export class S3FileStorage extends FileStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: !!settings.endpoint,
      credentials: settings.credentials,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      // S3-compatible stores do not all know the newer default checksums; send them only where S3 requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, content: Buffer, contentType: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          Body: content,
          ContentType: contentType,
          ContentLength: content.length,
        }),
      );
    } catch (error) {
      throw new Error(`S3 refused to store ${key}: ${describe(error)}`, { cause: error });
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      throw new Error(`S3 could not return ${key}: ${describe(error)}`, { cause: error });
    }
  }

  close(): void {
    this.client.destroy();
  }
}

const describe = (error: unknown) =>
  error instanceof S3ServiceException
    ? `${error.$metadata.httpStatusCode ?? ''} ${error.name}`.trim()
    : error instanceof Error
      ? error.message
      : String(error);
