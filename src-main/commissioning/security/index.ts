/**
 * The security posture check of a station (issue 18): ports, TLS, certificate, mutual
 * authentication and the protocol's own exposure, each finding with its severity, a plain
 * explanation and the fix. Secure Authentication detection plugs in at
 * `dnp3-secure-auth.ts` (`detectSecureAuth`).
 */
export { runSecurityCheck, type SecurityCheckSettings } from './security-check';
