import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { identifyToken } from '../../app/access/identify-token.js';
import { ROLES, type Role } from '../../app/access/tokens.js';
import { LoginThrottle } from './login-throttle.js';
import { PUBLIC_ROUTES, publicRouteKey } from '../public-routes.js';
import { ProblemError } from './errors.js';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** The office an office-staff user belongs to. */
  officeId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route at all (ROLES_BY_ACCESS); every route declares it. */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with its declared access: the table the authorisation matrix is checked against. */
    accessTable: { method: string; url: string; access: Access }[];
  }
}

/**
 * Who may call a route, declared in its config and enforced before anything else runs. Narrower rules that depend
 * on the request (office staff only for their own office) are checked by the handler on top of this.
 */
export type Access = 'public' | 'signed-in' | 'office-write' | 'county-view' | 'bureau';

export const ROLES_BY_ACCESS: Record<Access, readonly Role[] | 'anyone'> = {
  /** Health checks, the board page and its assets: exactly the routes in api/public-routes.ts. */
  public: 'anyone',
  /** Reads that office staff make for their own office (the handler scopes them). */
  'signed-in': ROLES,
  /** Changes to an office's data: the bureau, or that office's staff; viewers are read-only. */
  'office-write': ['bureau-admin', 'office-staff'],
  /** County-wide views (totals, exports, status lists): the bureau and viewers. */
  'county-view': ['bureau-admin', 'viewer'],
  /** The bureau's own work: campaigns, offices, tokens, holidays, escalations, decisions. */
  bureau: ['bureau-admin'],
};

const REFUSAL: Record<Exclude<Access, 'public' | 'signed-in'>, string> = {
  'office-write': 'viewers may not change anything',
  'county-view': 'only the county bureau and viewers may see county-wide views',
  bureau: 'only the county bureau may do this',
};

/** Every route needs a bearer token unless its config says `access: 'public'`. */
async function auth(fastify: FastifyInstance): Promise<void> {
  const { db, config } = fastify.deps;
  const throttle = new LoginThrottle({
    maxFailures: config.security.loginMaxFailures,
    windowMs: config.security.loginLockoutMinutes * 60_000,
    ...(fastify.deps.clock ? { now: fastify.deps.clock } : {}),
  });
  const minutesOf = (ms: number): string => {
    const minutes = Math.ceil(ms / 60_000);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  };
  /** Refuses a wrong credential: 401, or 429 while its address is guessing (see LoginThrottle). */
  const refuse = (request: FastifyRequest, reply: FastifyReply, fingerprint: string | undefined, reason: string) => {
    if (fingerprint !== undefined) throttle.recordFailure(request.ip, fingerprint);
    const lockedMs = throttle.lockedFor(request.ip);
    request.log.warn({ clientAddress: request.ip, credential: fingerprint }, `sign-in refused: ${reason}`);
    if (lockedMs === 0) return new ProblemError(401, 'Unauthorized', reason);
    reply.header('retry-after', String(Math.ceil(lockedMs / 1000)));
    return new ProblemError(
      429,
      'Too many failed sign-ins',
      `${reason}; too many different wrong tokens from this address, so wrong tokens are refused for ` +
        `${minutesOf(lockedMs)} (valid tokens still sign in)`,
    );
  };
  fastify.decorateRequest('principal', null);
  fastify.decorate('accessTable', []);
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) return;
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    const unlisted = methods.filter(
      (method) => access === 'public' && !(publicRouteKey(method, route.url) in PUBLIC_ROUTES),
    );
    if (unlisted.length > 0) {
      throw new Error(
        `route ${unlisted.join(',')} ${route.url} declares access 'public' but is not in api/public-routes.ts; ` +
          'list it there with the reason it may answer without a token',
      );
    }
    for (const method of methods) fastify.accessTable.push({ method, url: route.url, access });
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // No access declared: no route matched (every route declares one), and the 404 says only what /docs says.
    if (access === undefined || access === 'public' || request.url.startsWith('/docs')) return;
    const header = request.headers.authorization;
    if (!header)
      throw new ProblemError(401, 'Unauthorized', 'sign in: send the header "Authorization: Bearer <token>"');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw refuse(request, reply, undefined, 'the Authorization header must read "Bearer <token>"');
    const fingerprint = LoginThrottle.fingerprint(match[1]!);
    if (throttle.isKnownWrong(fingerprint)) {
      throw refuse(request, reply, fingerprint, 'this token is unknown, expired or revoked (refused several times)');
    }
    const clock = fastify.deps.clock;
    const holder = await identifyToken(
      { db: db.prisma, ...(clock ? { now: () => new Date(clock()) } : {}) },
      match[1]!,
    );
    if (!holder) throw refuse(request, reply, fingerprint, 'this token is unknown, expired or revoked');
    throttle.recordSuccess(request.ip);
    request.principal = holder;
    const allowed = ROLES_BY_ACCESS[access];
    if (allowed !== 'anyone' && access !== 'signed-in' && !allowed.includes(holder.role)) {
      const route = `${request.method} ${request.routeOptions.url ?? ''}`;
      throw new ProblemError(403, 'Forbidden', `${REFUSAL[access]} (${route}); you are signed in as ${holder.role}`);
    }
  });
}

export default fp(auth, { name: 'auth', dependencies: ['errors'] });

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ProblemError(401, 'Unauthorized', 'sign in first');
  return request.principal;
}

/** Only the county bureau may do this (create campaigns, escalate, approve, edit holidays). */
export function requireBureau(request: FastifyRequest, action: string): Principal {
  const principal = principalOf(request);
  if (principal.role !== 'bureau-admin') {
    throw new ProblemError(
      403,
      'Forbidden',
      `only the county bureau may ${action}; you are signed in as ${principal.role}`,
    );
  }
  return principal;
}

/** Reading an office's data: the bureau and viewers see every office, office staff only their own. */
export function requireReadOffice(request: FastifyRequest, officeId: string): Principal {
  const principal = principalOf(request);
  if (principal.role === 'office-staff' && principal.officeId !== officeId) {
    throw new ProblemError(403, 'Forbidden', 'office staff may only see their own office');
  }
  return principal;
}

/** Changing anything at all: the bureau or office staff; viewers are read-only. */
export function requireWriter(request: FastifyRequest): Principal {
  const principal = principalOf(request);
  if (principal.role === 'viewer') throw new ProblemError(403, 'Forbidden', 'viewers may not change anything');
  return principal;
}

/** Changing an office's data: the bureau, or staff of that office; viewers are read-only. */
export function requireWriteOffice(request: FastifyRequest, officeId: string): Principal {
  const principal = requireWriter(request);
  if (principal.role === 'office-staff' && principal.officeId !== officeId) {
    throw new ProblemError(403, 'Forbidden', "office staff may only change their own office's data");
  }
  return principal;
}

/** County-wide views (totals, exports, the late list): the bureau and viewers, not office staff. */
export function requireCountyView(request: FastifyRequest, what: string): Principal {
  const principal = principalOf(request);
  if (principal.role === 'office-staff') {
    throw new ProblemError(403, 'Forbidden', `only the county bureau and viewers may see ${what}`);
  }
  return principal;
}

/** The office an office-staff user is limited to, or undefined for the bureau and viewers. */
export function officeScope(request: FastifyRequest): string | undefined {
  const principal = principalOf(request);
  return principal.role === 'office-staff' ? principal.officeId! : undefined;
}
