import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { VIEWS, type ViewId } from '../views/view-list';

export { VIEWS, type ViewId };

/** Colour scheme of the app. */
export type Theme = 'dark' | 'light';

const THEME_KEY = 'switchyard.theme';

function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '');
  return VIEWS.some((v) => v.id === id) ? (id as ViewId) : 'stations';
}

/** Which view is shown (kept in the URL hash, so reload and back work) and the theme. */
export const useNavigationStore = defineStore('navigation', () => {
  const view = ref<ViewId>(viewFromHash(window.location.hash));
  const theme = ref<Theme>(window.localStorage.getItem(THEME_KEY) === 'light' ? 'light' : 'dark');

  function go(id: ViewId): void {
    view.value = id;
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  watch(view, (id) => window.history.replaceState(null, '', `#/${id}`));
  watch(
    theme,
    (value) => {
      window.localStorage.setItem(THEME_KEY, value);
      document.documentElement.dataset.theme = value;
    },
    { immediate: true },
  );
  window.addEventListener('hashchange', () => {
    view.value = viewFromHash(window.location.hash);
  });

  return { view, theme, go, toggleTheme };
});
