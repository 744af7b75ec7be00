/**
 * The security posture check of a station (issue 18): ports, TLS, certificate, mutual
 * authentication and the protocol's own exposure, each finding with its severity, a plain
 * explanation and the fix.
 */
export { runSecurityCheck, STANDARD_SECURITY_PORTS, type SecurityCheckError, type SecurityCheckSettings } from './security-check';
export { detectSecureAuth, type SecureAuthStatus } from './dnp3-secure-auth';
export { untestableWeaknesses } from './cipher-suites';
