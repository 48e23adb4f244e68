import type Hls from "hls.js";
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "wouter";
import { useAccount, useConfig } from "wagmi";

import { sessionFor } from "../auth/session.ts";
import { type DappConfig, gatewayUrl } from "../config.ts";
import { useFilm } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { useTranslation } from "../i18n.ts";

type PlayerState = { step: "idle" } | { step: "signing" } | { step: "loading" } | { step: "ready" } | { step: "refused"; reason: string };

const PREFERENCES = "streamspace.player";
const positionKey = (filmId: bigint) => `streamspace.position.${filmId}`;

/**
 * Watching a rented film: a sign-in with the wallet the first time (in the background of the first
 * play), the key server's key URL for this film, and the encrypted HLS from IPFS played with hls.js
 * (loaded only here). Quality (auto or each rendition), subtitle and audio languages are remembered, the
 * film resumes where the fan stopped; ±10 s, and casting (Remote Playback: AirPlay, Chromecast) where the
 * browser offers it, beside the video's own controls (play, seek, volume, fullscreen).
 */
export function WatchPage({ config }: { config: DappConfig }) {
  const { t } = useTranslation();
  const filmId = BigInt(useParams().filmId ?? "0");
  const { film, metadata } = useFilm(config, filmId);
  const { address } = useAccount();
  const wagmi = useConfig();
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<Hls | null>(null);
  const [state, setState] = useState<PlayerState>({ step: "idle" });
  const [levels, setLevels] = useState<{ index: number; height: number }[]>([]);
  const [subtitles, setSubtitles] = useState<{ index: number; lang: string; name: string }[]>([]);
  const [audioTracks, setAudioTracks] = useState<{ index: number; lang: string; name: string }[]>([]);
  const [prefs, setPrefs] = useState<{ quality: number; subtitles: string; audio: string }>(() => ({ quality: -1, subtitles: "", audio: "", ...JSON.parse(localStorage.getItem(PREFERENCES) ?? "{}") }));
  const [rentalEndsAt, setRentalEndsAt] = useState<number | undefined>();
  const [canCast, setCanCast] = useState(false);
  const chainNow = useChainNow();

  useEffect(() => () => hls.current?.destroy(), []);
  useEffect(() => localStorage.setItem(PREFERENCES, JSON.stringify(prefs)), [prefs]);
  // Casting: offered only while the browser sees a device to cast to.
  useEffect(() => {
    const remote = video.current?.remote;
    if (!remote) return;
    let id: number | undefined;
    remote.watchAvailability((available) => setCanCast(available)).then((watch) => (id = watch), () => setCanCast(false));
    return () => void (id !== undefined && remote.cancelWatchAvailability(id).catch(() => undefined));
  }, []);

  async function start() {
    if (!address || !metadata || !video.current) return;
    try {
      setState({ step: "signing" });
      const token = await sessionFor(wagmi, config, address);
      setState({ step: "loading" });
      const answer = await fetch(`${config.apiUrl}/films/${filmId}/key`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await answer.json()) as { url?: string; rentalExpiresAt?: number; error?: string; message?: string };
      if (!answer.ok || !body.url) {
        setState({ step: "refused", reason: answer.status === 403 ? t("watch.noRental") : answer.status === 410 ? t("watch.deleted") : (body.message ?? t("errors.unknown")) });
        return;
      }
      setRentalEndsAt(body.rentalExpiresAt);
      const keyUrl = body.url;
      const keyUri = keyUrl.split("?")[0];
      const { default: HlsClass } = await import("hls.js");
      hls.current?.destroy();
      const player = new HlsClass({
        // The playlists name the key's URI; the signed key URL is fetched instead (no header needed).
        xhrSetup(xhr, url) {
          if (url === keyUri) xhr.open("GET", keyUrl, true);
        },
      });
      hls.current = player;
      player.on(HlsClass.Events.MANIFEST_PARSED, () => {
        setLevels(player.levels.map((l, index) => ({ index, height: l.height })));
        if (prefs.quality >= 0 && prefs.quality < player.levels.length) player.currentLevel = prefs.quality;
      });
      player.on(HlsClass.Events.SUBTITLE_TRACKS_UPDATED, () => {
        setSubtitles(player.subtitleTracks.map((s, index) => ({ index, lang: s.lang ?? "", name: s.name })));
        const wanted = player.subtitleTracks.findIndex((s) => s.lang === prefs.subtitles);
        player.subtitleTrack = wanted;
        player.subtitleDisplay = wanted >= 0;
      });
      player.on(HlsClass.Events.AUDIO_TRACKS_UPDATED, () => {
        setAudioTracks(player.audioTracks.map((a, index) => ({ index, lang: a.lang ?? "", name: a.name })));
        const wanted = player.audioTracks.findIndex((a) => a.lang === prefs.audio);
        if (wanted >= 0) player.audioTrack = wanted;
      });
      player.on(HlsClass.Events.ERROR, (_event, data) => {
        if (data.fatal) setState({ step: "refused", reason: t("watch.failed", { reason: data.details }) });
      });
      player.loadSource(gatewayUrl(config, metadata.video.playlist));
      player.attachMedia(video.current);
      const resumeAt = Number(localStorage.getItem(positionKey(filmId)) ?? 0);
      if (resumeAt > 0) video.current.currentTime = resumeAt;
      // The press on Play may have lapsed while the wallet signed in: then the fan presses the video's own play.
      await video.current.play().catch(() => undefined);
      setState({ step: "ready" });
    } catch (error) {
      setState({ step: "refused", reason: (error as Error).message.split("\n")[0] ?? t("errors.unknown") });
    }
  }

  if (!film) return <p aria-busy="true">{t("catalogue.loading")}</p>;
  const title = metadata?.title ?? `#${film.filmId}`;
  const left = rentalEndsAt ? Math.max(0, rentalEndsAt - chainNow()) : undefined;
  const skip = (seconds: number) => {
    const v = video.current;
    if (v) v.currentTime = Math.max(0, Math.min(v.duration || Infinity, v.currentTime + seconds));
  };
  return (
    <article className="watch" aria-labelledby="watch-title">
      <Link to={`/films/${filmId}`}>← {title}</Link>
      <h1 id="watch-title">{title}</h1>
      <video
        ref={video}
        className="player"
        controls
        playsInline
        poster={metadata ? gatewayUrl(config, metadata.poster) : undefined}
        onTimeUpdate={(e) => localStorage.setItem(positionKey(filmId), String(Math.floor(e.currentTarget.currentTime)))}
        onEnded={() => localStorage.removeItem(positionKey(filmId))}
      />
      <div className="player-bar">
        {state.step === "idle" ? (
          <button type="button" className="primary" disabled={!address} onClick={() => void start()}>
            {address ? t("watch.play") : t("watch.connectToWatch")}
          </button>
        ) : null}
        <button type="button" className="secondary" disabled={state.step !== "ready"} onClick={() => skip(-10)}>
          <span aria-hidden="true">↺ </span>
          {t("watch.back10")}
        </button>
        <button type="button" className="secondary" disabled={state.step !== "ready"} onClick={() => skip(10)}>
          {t("watch.forward10")}
          <span aria-hidden="true"> ↻</span>
        </button>
        {canCast ? (
          <button type="button" className="secondary" onClick={() => void video.current?.remote.prompt().catch(() => undefined)}>
            {t("watch.cast")}
          </button>
        ) : null}
        <label>
          {t("watch.quality")}
          <select
            value={prefs.quality}
            onChange={(e) => {
              const quality = Number(e.target.value);
              setPrefs({ ...prefs, quality });
              if (hls.current) hls.current.currentLevel = quality;
            }}
          >
            <option value={-1}>{t("watch.auto")}</option>
            {levels.map((l) => (
              <option key={l.index} value={l.index}>
                {l.height}p
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("watch.subtitles")}
          <select
            value={prefs.subtitles}
            onChange={(e) => {
              const lang = e.target.value;
              setPrefs({ ...prefs, subtitles: lang });
              if (hls.current) {
                const index = subtitles.find((s) => s.lang === lang)?.index ?? -1;
                hls.current.subtitleTrack = index;
                hls.current.subtitleDisplay = index >= 0;
              }
            }}
          >
            <option value="">{t("watch.off")}</option>
            {subtitles.map((s) => (
              <option key={s.index} value={s.lang}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {audioTracks.length > 1 ? (
          <label>
            {t("watch.audio")}
            <select
              value={prefs.audio}
              onChange={(e) => {
                const lang = e.target.value;
                setPrefs({ ...prefs, audio: lang });
                const index = audioTracks.find((a) => a.lang === lang)?.index;
                if (hls.current && index !== undefined) hls.current.audioTrack = index;
              }}
            >
              {audioTracks.map((a) => (
                <option key={a.index} value={a.lang}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {left !== undefined ? <span className="meta">{t("watch.timeLeft", { hours: Math.floor(left / 3600), minutes: Math.floor((left % 3600) / 60) })}</span> : null}
      </div>
      <p role="status" aria-live="polite">
        {state.step === "signing" ? t("watch.signing") : null}
        {state.step === "loading" ? t("watch.loading") : null}
        {state.step === "refused" ? state.reason : null}
      </p>
    </article>
  );
}
