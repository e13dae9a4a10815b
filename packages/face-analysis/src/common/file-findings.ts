/** What a structure check may add to a report about one file. */
export interface FileFindings {
  problem(message: string): void;
  fact(key: string, value: string): void;
}
