/**
 * The testbed's traffic stays on this machine's loopback interface. The CLI only ever builds loopback URLs, but the
 * contract is also called from tests and scripts, so the registry wraps every driver in this guard: a job that would
 * leave loopback is refused as a whole before any style sees it.
 */
import net from 'node:net';
import type { CpuServerOptions, EchoServerOptions, StyleDriver, UrlFetchJob } from '../contract.ts';

export class NotLoopbackError extends Error {
  override name = 'NotLoopbackError';
}

/** 127.0.0.0/8, ::1 (with or without brackets), and the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare === '::1') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/**
 * The URLs of `job` that name a host off loopback. A URL that does not parse names no host at all: the style reports
 * it as that URL's failure, as it would any URL it cannot fetch.
 */
export function offLoopback(job: Pick<UrlFetchJob, 'urls'>): string[] {
  return job.urls.filter((url) => {
    if (!URL.canParse(url)) return false;
    return !isLoopbackHost(new URL(url).hostname);
  });
}

export function guardLoopback(driver: StyleDriver): StyleDriver {
  return {
    ...driver,
    urlFetch(job: UrlFetchJob) {
      const away = offLoopback(job);
      if (away.length > 0) {
        const more = away.length > 1 ? ` (and ${away.length - 1} more)` : '';
        return Promise.reject(new NotLoopbackError(`refusing a url-fetch job off loopback: ${away[0]}${more}`));
      }
      return driver.urlFetch(job);
    },
    startEchoServer(options: EchoServerOptions) {
      if (!isLoopbackHost(options.host)) return Promise.reject(new NotLoopbackError(`refusing to listen off loopback: ${options.host}`));
      return driver.startEchoServer(options);
    },
    ...(driver.startCpuServer
      ? {
          startCpuServer(options: CpuServerOptions) {
            if (!isLoopbackHost(options.host)) return Promise.reject(new NotLoopbackError(`refusing to listen off loopback: ${options.host}`));
            return driver.startCpuServer!(options);
          },
        }
      : {}),
  };
}
