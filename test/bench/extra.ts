/** Benchmarks of the pure engines and jobs, added by each domain; run after the HTTP benchmark. */
export async function extraBenches(): Promise<void> {}
