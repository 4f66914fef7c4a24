/** Fixed host offsets inside each subnet (.1 is Docker's bridge, i.e. the engine's host). */
export const HOST_OFFSETS = { gateway: 2, server: 3, client: 4, intruder: 5 } as const;
