import './styles/base.css';
import { boot } from './boot';

boot('#app');
