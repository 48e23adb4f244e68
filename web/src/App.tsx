import { BrowserRouter, Route, Routes } from "react-router";

import { Header } from "./components/Header.tsx";
import type { DappConfig } from "./config.ts";
import { Catalogue } from "./pages/Catalogue.tsx";
import { FilmPage } from "./pages/FilmPage.tsx";

export function App({ config }: { config: DappConfig }) {
  return (
    <BrowserRouter>
      <Header config={config} />
      <main id="main">
        <Routes>
          <Route path="/" element={<Catalogue config={config} />} />
          <Route path="/films/:filmId" element={<FilmPage config={config} />} />
        </Routes>
      </main>
    </BrowserRouter>
  );
}
