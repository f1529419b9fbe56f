import { DATABASE_ENTITIES } from '@kinwell/database';
import { IDENTITY_ENTITIES } from '@kinwell/identity';

/** Every entity in Kinwell. Each bounded context adds its list here. */
export const ENTITIES = [...DATABASE_ENTITIES, ...IDENTITY_ENTITIES];
