import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { identifyToken } from '../../app/access/identify-token.js';
import type { Role } from '../../app/access/tokens.js';
import { LoginThrottle } from './login-throttle.js';
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
    /** Reachable without a token (health checks, documentation, the dev mail catcher). */
    public?: boolean;
  }
}

/** Every route needs a bearer token unless its config says `public: true`. */
async function auth(fastify: FastifyInstance): Promise<void> {
  const { db, config } = fastify.deps;
  const throttle = new LoginThrottle({
    maxFailures: config.security.loginMaxFailures,
    windowMs: config.security.loginLockoutMinutes * 60_000,
    ...(fastify.deps.clock ? { now: fastify.deps.clock } : {}),
  });
  const refuse = (request: FastifyRequest, reason: string): never => {
    throttle.recordFailure(request.ip);
    request.log.warn({ clientAddress: request.ip }, `sign-in refused: ${reason}`);
    throw new ProblemError(401, 'Unauthorized', reason);
  };
  fastify.decorateRequest('principal', null);
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public || request.url.startsWith('/docs')) return;
    const header = request.headers.authorization;
    if (!header)
      throw new ProblemError(401, 'Unauthorized', 'sign in: send the header "Authorization: Bearer <token>"');
    const lockedMs = throttle.lockedFor(request.ip);
    if (lockedMs > 0) {
      const minutes = Math.ceil(lockedMs / 60_000);
      reply.header('retry-after', String(Math.ceil(lockedMs / 1000)));
      throw new ProblemError(
        429,
        'Too many failed sign-ins',
        `too many wrong tokens from this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      );
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return refuse(request, 'the Authorization header must read "Bearer <token>"');
    const holder = await identifyToken({ db: db.prisma }, match[1]!);
    if (!holder) return refuse(request, 'this token is unknown or has been revoked');
    request.principal = holder;
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
