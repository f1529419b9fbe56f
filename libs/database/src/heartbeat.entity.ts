import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Each worker process beats here; /health reads the latest beat. */
@Entity('worker_heartbeat')
export class WorkerHeartbeat {
  @PrimaryColumn({ type: 'text' })
  workerId!: string;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz' })
  beatAt!: Date;

  @Column({ type: 'jsonb' })
  info!: Record<string, unknown>;
}
