/** How long an upload may wait for its mapping before the sweeper cancels it and deletes the file. */
export const DEFAULT_AWAITING_MAPPING_HOURS = 72;
/** Per workspace: uploads at once still uploading or awaiting their mapping, and their bytes. */
export const DEFAULT_MAX_PENDING_UPLOADS = 20;
export const DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024 * 1024;
