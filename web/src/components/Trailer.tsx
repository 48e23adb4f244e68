import type Hls from "hls.js";
import { useEffect, useRef, useState } from "react";

import { type DappConfig, gatewayUrl } from "../config.ts";
import { useTranslation } from "../i18n.ts";

/** The film's free trailer (unencrypted HLS): hls.js is loaded when the fan asks for it. */
export function Trailer({ config, playlist, title }: { config: DappConfig; playlist: string; title: string }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<Hls | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => () => hls.current?.destroy(), []);

  async function play() {
    setOpen(true);
    const element = video.current!;
    const src = gatewayUrl(config, playlist);
    if (element.canPlayType("application/vnd.apple.mpegurl")) {
      element.src = src; // Safari plays HLS itself
    } else {
      const { default: HlsClass } = await import("hls.js");
      hls.current?.destroy();
      hls.current = new HlsClass();
      hls.current.loadSource(src);
      hls.current.attachMedia(element);
    }
    await element.play().catch(() => undefined);
  }

  return (
    <div className="trailer">
      {!open ? (
        <button type="button" className="secondary" onClick={() => void play()}>
          ▶ {t("film.trailer")}
        </button>
      ) : null}
      <video ref={video} controls playsInline hidden={!open} aria-label={t("film.trailerOf", { title })} />
    </div>
  );
}
