/** One generated file: its suggested name and its text. */
export interface FirewallFile {
  /** A file name that says what it is for, e.g. `rules.v4` or `SWY-DNP3-1A2B3C4D.ps1`. */
  name: string;
  text: string;
}
